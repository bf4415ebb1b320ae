import type { IdMatcher } from '../config/ids';
import type { ParsedSectionCache } from './markdownBlocks';
import type { NeedsReading } from '../config/needsSettings';
import type { TraceConventions } from './linkKeys';

/** What an extractor needs besides the file: how to find IDs, and whether the file is a test or test results. */
export interface ExtractContext {
  readonly matcher: IdMatcher;
  /** The workspace's link keys, annotation verbs and table conventions; the built-in ones when absent. */
  readonly conventions?: TraceConventions;
  readonly isTest: boolean;
  /** The file is a test results file (the `testResults` globs): read as JUnit XML. */
  readonly isTestResults?: boolean;
  /** The file may be a CycloneDX SBOM or VEX document (the `sboms` globs). */
  readonly isSbom?: boolean;
  /** The file is a lockfile the SBOM drift check reads. */
  readonly isLockfile?: boolean;
  /**
   * The file may be a threat model (the `threatModels` globs; its content decides): the prefix a threat's
   * number takes when its title starts with no ID. Undefined for other files.
   */
  readonly threatIdPrefix?: string;
  /**
   * How sphinx-needs are read, for files that may define needs: Markdown (MyST directives),
   * reStructuredText and JSON files of the `needs.exports` globs (`needs.json`, known by its content).
   */
  readonly needs?: NeedsReading;
  /** Sections parsed before, so that an edit re-parses only what changed. */
  readonly parsedSections?: ParsedSectionCache;
}

/** What the file selector says of a file that decides how it is extracted. */
export type FileRole = Pick<ExtractContext, 'isTest' | 'isTestResults' | 'isSbom' | 'isLockfile' | 'threatIdPrefix' | 'needs'>;
