import { errorMessage } from '../util/errors';
import { SLICE_MS, runSteps, runStepsInSlices, type Steps } from '../util/steps';
import type { TraceConfig } from '../config/config';
import type { FileContributions, FileProblem, Finding, Severity } from '../model';
import { compareLocations, sameLocation } from '../model';
import { TraceGraph } from './graph';
import { IdMatcher } from '../config/ids';
import { extractFile, failedExtraction, type FileExtractor } from '../extract/extractFile';
import type { FileRole } from '../extract/context';
import { FileSelector, isMarkdown, isRestructuredText, type EvidenceKind } from '../config/files';
import { needsReading, type NeedsReading } from '../config/needsSettings';
import { RuleName, checkCategory, checkFile, checkId, effectiveSeverities, type RuleContext } from './rules';
import { CategoryTracker, categoryKey } from './categoryTracker';
import { nullLogger, type Logger } from '../util/logger';
import { ParsedSectionCache } from '../extract/markdownBlocks';
import { TraceConventions } from '../extract/linkKeys';
import type { ExtractionCache } from '../extract/extractionCache';
import { TestResultsTracker, type TestResultsView } from './testResults';
import { VulnerabilityTracker } from './vulnerabilityTracker';
import { SbomDriftTracker } from './sbomDrift';
import { OftRevisions } from './oftRevisions';

/** What one update changed: the IDs re-checked and the files whose findings differ now. */
export interface IndexChange {
  readonly changedIds: ReadonlySet<string>;
  /** Files whose findings changed: an editor republishes diagnostics for these only. */
  readonly affectedPaths: ReadonlySet<string>;
}

/**
 * The traceability index of one workspace folder: extraction, the graph and the rules' findings, kept
 * up to date one file at a time. The CLI and the editor both drive this class; neither re-implements it.
 */
export class TraceIndex {
  readonly graph = new TraceGraph();
  readonly matcher: IdMatcher;
  readonly #conventions: TraceConventions;
  readonly #severities: Map<RuleName, Severity>;
  /** Evidence files by path (SBOMs, test results): see {@link FileSelector.evidenceKind}. */
  readonly evidence = new Map<string, EvidenceKind>();
  readonly #findingsById = new Map<string, Finding[]>();
  readonly #findingsByPath = new Map<string, Set<Finding>>();
  /** `unreadable-file` findings by path: about a file, not an ID, so kept apart from the rules' findings. */
  readonly #fileFindings = new Map<string, Finding[]>();
  readonly #parsedSections = new ParsedSectionCache();
  readonly #categories: CategoryTracker;
  readonly #testResults = new TestResultsTracker();
  readonly #vulnerabilities = new VulnerabilityTracker();
  readonly #drift = new SbomDriftTracker();
  readonly #oftRevisions = new OftRevisions();
  /** A vulnerability came, went or changed since the last re-check: all are re-checked together. */
  #vulnerabilitiesChanged = false;
  readonly #context: RuleContext;
  /** How the files that may define sphinx-needs read them. */
  readonly #needs: NeedsReading;
  /** While true, files go into the graph unchecked: see {@link beginBulk}. */
  #bulk = false;
  /** The last change asked for per path: an extraction that finishes after a later change of its file is dropped. */
  readonly #versions = new Map<string, number>();
  #lastVersion = 0;

  constructor(
    readonly config: TraceConfig,
    readonly selector: FileSelector,
    readonly logger: Logger = nullLogger,
    /** Extraction results of an earlier run, used while their text is unchanged. */
    readonly extractionCache?: ExtractionCache,
    /** Where {@link indexText} extracts; without one it extracts here, as {@link updateFile} does. */
    readonly extractor?: FileExtractor,
    /** The configuration file, where an empty FDA category is reported; without one, the first requirements document. */
    readonly configPath?: string,
    /**
     * Gives the caller's event loop a turn: with it, the checks after an extracted file ({@link indexText})
     * run in slices, so that an edit of a document of thousands of items does not hold up the host.
     */
    readonly pause?: () => Promise<void>,
  ) {
    this.matcher = new IdMatcher(config.kinds);
    this.#conventions = new TraceConventions(config);
    this.#severities = effectiveSeverities(config.rules);
    this.#needs = needsReading(config.needs);
    this.#categories = new CategoryTracker(configPath);
    this.#context = { today: config.today, testResults: this.#testResults, policy: config.policy, recordsByCve: this.#vulnerabilities.recordsByCve, support: config.support, oftRevisions: this.#oftRevisions };
  }

  /** The test results joined to the requirements their tests verify. */
  get testResults(): TestResultsView {
    return this.#testResults;
  }

  /**
   * Extracts a file's text and puts its contributions in the graph. `mtime` (ms since the epoch) dates a
   * test results file whose suites carry no `timestamp`.
   */
  updateFile(path: string, text: string, mtime?: number): IndexChange {
    const extract = () => extractFile(path, text, { matcher: this.matcher, conventions: this.#conventions, ...this.roleOf(path), parsedSections: this.#parsedSections });
    const contributions = this.extractionCache ? this.extractionCache.extract(path, text, extract) : extract();
    this.#nextVersion(path);
    return this.#apply(contributions, mtime);
  }

  /**
   * {@link updateFile} through the {@link extractor} when there is one, so that the caller's thread stays
   * free while the file is extracted. Changes to a path apply in the order they were asked for: a result
   * that comes back after a later update, removal or unreadable mark of its file is dropped, not applied.
   */
  async indexText(path: string, text: string, mtime?: number): Promise<IndexChange> {
    const extractor = this.extractor;
    if (!extractor) {
      return this.updateFile(path, text, mtime);
    }
    const isCurrent = this.claimChange(path);
    const extract = () => extractor.extract(path, text, this.roleOf(path)).catch((error: unknown) => failedExtraction(path, errorMessage(error)));
    const contributions = await (this.extractionCache ? this.extractionCache.extractAsync(path, text, extract) : extract());
    // Receiving a large document's contributions and putting them in the graph are two blocks, not one.
    await this.pause?.();
    if (!isCurrent()) {
      return nothingChanged();
    }
    return this.pause ? runStepsInSlices(this.#applySteps(contributions, mtime, isCurrent), this.pause) : this.#apply(contributions, mtime);
  }

  /** Puts already extracted contributions in the graph (from a cache, or from a worker that read the file). */
  setContributions(contributions: FileContributions, mtime?: number): IndexChange {
    this.#nextVersion(contributions.path);
    return this.#apply(contributions, mtime);
  }

  /**
   * Starts a change of a file whose contributions come later (read and extracted elsewhere): the answer says
   * whether the change is still the latest, so that a result overtaken by a later change is dropped.
   */
  claimChange(path: string): () => boolean {
    const version = this.#nextVersion(path);
    return () => this.#versions.get(path) === version;
  }

  #apply(contributions: FileContributions, mtime?: number): IndexChange {
    return runSteps(this.#applySteps(contributions, mtime));
  }

  /**
   * Puts a file's contributions in the graph, then re-checks what they changed, a step per ID. Between the
   * steps a later change of the file may be asked for (`isCurrent` turns false): then these are dropped.
   */
  *#applySteps(contributions: FileContributions, mtime?: number, isCurrent: () => boolean = () => true): Steps<IndexChange> {
    if (mtime === undefined && this.graph.file(contributions.path) === contributions) {
      // The extractor gave back what the graph holds (an edit that changed nothing the index reads).
      return nothingChanged();
    }
    const prepared = this.graph.prepareFile(contributions);
    yield;
    if (!isCurrent()) {
      return nothingChanged();
    }
    const changedIds = prepared.commit();
    this.#oftRevisions.update(contributions.path, contributions).forEach((id) => changedIds.add(id));
    this.#testResults.update(contributions.path, contributions, mtime);
    this.#vulnerabilitiesChanged = this.#vulnerabilities.update(contributions.path, contributions) || this.#vulnerabilitiesChanged;
    this.#drift.update(contributions.path, contributions);
    return yield* this.#recheckSteps(changedIds, this.#setFileProblems(contributions.path, contributions.problems));
  }

  /** Removes a file that is gone: its contributions and its findings. */
  removeFile(path: string): IndexChange {
    return this.markUnreadable(path, []);
  }

  /**
   * Removes what a file contributed because it could not be read, and records why: each problem becomes
   * an `unreadable-file` finding on the file. With no problems, the file is simply gone.
   */
  markUnreadable(path: string, problems: readonly FileProblem[]): IndexChange {
    this.#nextVersion(path);
    this.#parsedSections.forget(path);
    this.extractor?.forget(path);
    const changedIds = this.graph.removeFile(path);
    this.#oftRevisions.update(path, undefined).forEach((id) => changedIds.add(id));
    this.#testResults.update(path, undefined);
    this.#vulnerabilitiesChanged = this.#vulnerabilities.update(path, undefined) || this.#vulnerabilitiesChanged;
    this.#drift.update(path, undefined);
    return this.#recheck(changedIds, this.#setFileProblems(path, problems));
  }

  /**
   * Defers the rules while a whole workspace is loaded: checking every ID once at the end costs a few
   * milliseconds, re-checking after each file costs much more. {@link endBulk} runs the checks.
   */
  beginBulk(): void {
    this.#bulk = true;
  }

  /** Ends {@link beginBulk}: checks every ID once. */
  endBulk(): void {
    runSteps(this.#endBulkSteps());
  }

  /**
   * {@link endBulk} in slices: after about `sliceMs` of checks, `pause` gives the caller's event loop a turn
   * (the extension host is shared with every other extension). The result is {@link endBulk}'s.
   */
  async endBulkInSlices(pause: () => Promise<void>, sliceMs = SLICE_MS): Promise<void> {
    await runStepsInSlices(this.#endBulkSteps(), pause, sliceMs);
  }

  #endBulkSteps(): Steps<IndexChange> {
    this.#bulk = false;
    return this.#recheckSteps(new Set([...this.graph.allIds(), ...this.#categories.ids()]), undefined);
  }

  /** Every finding, ordered by file and position. */
  findings(): Finding[] {
    const all: Finding[] = [];
    // One push per finding: spreading an array into push() overflows the stack at about 125,000 arguments.
    for (const findings of [...this.#findingsById.values(), ...this.#fileFindings.values()]) {
      for (const finding of findings) {
        all.push(finding);
      }
    }
    return all.sort(compareFindings);
  }

  /** The `unreadable-file` findings: the files that are selected but not (fully) traced. */
  unreadableFiles(): Finding[] {
    return [...this.#fileFindings.values()].flat().filter((finding) => finding.rule === RuleName.UnreadableFile);
  }

  /** The `unreadable-file` findings of one file. */
  unreadableFindingsIn(path: string): Finding[] {
    return (this.#fileFindings.get(path) ?? []).filter((finding) => finding.rule === RuleName.UnreadableFile);
  }

  /** The findings located in one file, ordered by position. */
  findingsIn(path: string): Finding[] {
    return [...(this.#findingsByPath.get(path) ?? []), ...(this.#fileFindings.get(path) ?? [])].sort(compareFindings);
  }

  /** What a file is to the extractors: a test, test results, an SBOM, a threat model, ... */
  roleOf(path: string): FileRole {
    const { selector } = this;
    return {
      isTest: selector.isTest(path),
      isTestResults: selector.isTestResults(path),
      isSbom: selector.isSbom(path),
      isLockfile: selector.isLockfile(path),
      threatIdPrefix: selector.isThreatModel(path) ? this.config.threatIdPrefix : undefined,
      needs: isMarkdown(path) || isRestructuredText(path) || selector.isNeedsExport(path) ? this.#needs : undefined,
    };
  }

  #nextVersion(path: string): number {
    this.#versions.set(path, ++this.#lastVersion);
    return this.#lastVersion;
  }

  /** Keeps the findings of a file's problems; returns the file's path when they changed, else undefined. */
  #setFileProblems(path: string, problems: readonly FileProblem[]): string | undefined {
    // A threat model or needs export defines items as a document does: not reading one is as serious.
    const findings = checkFile(path, problems, this.config.rules, this.selector.evidenceKind(path) !== undefined || this.selector.isThreatModel(path) || this.selector.isNeedsExport(path));
    const unchanged = sameFindings(this.#fileFindings.get(path) ?? [], findings);
    if (findings.length > 0) {
      this.#fileFindings.set(path, findings);
    } else {
      this.#fileFindings.delete(path);
    }
    return unchanged ? undefined : path;
  }

  #recheck(changedInGraph: ReadonlySet<string>, changedPath: string | undefined): IndexChange {
    return runSteps(this.#recheckSteps(changedInGraph, changedPath));
  }

  /**
   * Re-checks the IDs that changed and those that changed with them, a step per test case and per ID.
   * `changedPath` is a file whose own findings (its problems) changed already.
   */
  *#recheckSteps(changedInGraph: ReadonlySet<string>, changedPath: string | undefined): Steps<IndexChange> {
    const affectedPaths = new Set<string>(changedPath === undefined ? [] : [changedPath]);
    if (this.#bulk) {
      return { changedIds: changedInGraph, affectedPaths };
    }
    const changedIds = new Set(changedInGraph);
    for (const id of yield* this.#testResults.rejoin(() => this.graph.ids())) {
      changedIds.add(id);
    }
    if (this.#vulnerabilitiesChanged) {
      this.#vulnerabilitiesChanged = false;
      this.#vulnerabilities.refresh(this.graph);
      for (const id of this.#vulnerabilities.ids()) {
        changedIds.add(id);
      }
    }
    // Drift is about lockfiles, not IDs: its findings are kept per lockfile, under a key no ID can take.
    for (const [path, findings] of this.#drift.check(this.#severities.get(RuleName.SbomDrift)) ?? []) {
      this.#store(`${RuleName.SbomDrift}\u0000${path}`, findings, affectedPaths);
    }
    for (const id of changedIds) {
      yield;
      this.#store(id, checkId(id, this.graph, this.#severities, this.#context), affectedPaths);
    }
    for (const name of this.#categories.update(changedIds, this.graph)) {
      // Unused categories are not findings: a workspace opts in by naming a category somewhere.
      const justified = !this.#categories.inUse || Object.hasOwn(this.config.categories, name);
      const after = checkCategory(name, this.#categories.memberCount(name), justified, this.#categories.anchor, this.#severities);
      this.#store(categoryKey(name), after, affectedPaths);
    }
    return { changedIds, affectedPaths };
  }

  /** Keeps the findings of one key (an ID, or a category's pseudo-ID), noting the files whose findings changed. */
  #store(key: string, after: Finding[], affectedPaths: Set<string>): void {
    const before = this.#findingsById.get(key) ?? [];
    if (sameFindings(before, after)) {
      return;
    }
    for (const finding of before) {
      affectedPaths.add(finding.location.path);
      this.#findingsByPath.get(finding.location.path)?.delete(finding);
    }
    if (after.length === 0) {
      this.#findingsById.delete(key);
      return;
    }
    this.#findingsById.set(key, after);
    for (const finding of after) {
      affectedPaths.add(finding.location.path);
      let inFile = this.#findingsByPath.get(finding.location.path);
      if (!inFile) {
        inFile = new Set();
        this.#findingsByPath.set(finding.location.path, inFile);
      }
      inFile.add(finding);
    }
  }
}

/** The change of an update that changed nothing (a result dropped because a later change overtook it, ...). */
export function nothingChanged(): IndexChange {
  return { changedIds: new Set(), affectedPaths: new Set() };
}

function compareFindings(a: Finding, b: Finding): number {
  return compareLocations(a.location, b.location) || compareText(a.rule, b.rule) || compareText(a.item, b.item);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a re-check found exactly what was there: then no file needs its diagnostics republished. */
function sameFindings(before: readonly Finding[], after: readonly Finding[]): boolean {
  return before.length === after.length && before.every((finding, index) => sameFinding(finding, after[index]!));
}

function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a.rule === b.rule &&
    a.severity === b.severity &&
    a.message === b.message &&
    a.item === b.item &&
    sameLocation(a.location, b.location) &&
    a.related.length === b.related.length &&
    a.related.every((related, index) => related.message === b.related[index]!.message && sameLocation(related.location, b.related[index]!.location))
  );
}
