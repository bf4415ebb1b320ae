import type { IdMatcher } from '../config/ids';
import type { ParsedSectionCache } from './markdownBlocks';

/** What an extractor needs besides the file: how to find IDs and whether the file is a test. */
export interface ExtractContext {
  readonly matcher: IdMatcher;
  readonly isTest: boolean;
  /** Sections parsed before, so that an edit re-parses only what changed. */
  readonly parsedSections?: ParsedSectionCache;
}
