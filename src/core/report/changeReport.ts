/**
 * What a change did to the trace: the findings it brought, those it left and those it fixed, and how each
 * coverage measure moved. Findings are matched by rule and item, not by line, so that a finding that only
 * moved (lines added above it, the file renamed) is not new.
 */
import type { Finding } from '../model';
import { countOf } from '../util/text';
import { pushTo } from '../util/collections';
import { coverageFigures, type CoverageFigure } from './coverageWording';
import type { TraceSummary } from './summary';

export interface FindingChanges {
  /** In the change and not in the base: the ones a reviewer must look at. */
  readonly added: readonly Finding[];
  /** In both. */
  readonly unchanged: readonly Finding[];
  /** In the base only: fixed by the change (or their item is gone). */
  readonly fixed: readonly Finding[];
}

const keyOf = (finding: Finding) => `${finding.rule}\u0000${finding.item}`;

/**
 * Splits the findings of a change against those of its base. Where a rule reports an item more than once (an
 * unknown ID named in several places), the findings pair up by file and message first, then in order, and
 * only those left over are new or fixed.
 */
export function compareFindings(base: readonly Finding[], current: readonly Finding[]): FindingChanges {
  const waiting = new Map<string, Finding[]>();
  for (const finding of base) {
    pushTo(waiting, keyOf(finding), finding);
  }
  const added: Finding[] = [];
  const unchanged: Finding[] = [];
  const unmatched: Finding[] = [];
  const take = (list: Finding[] | undefined, matches: (candidate: Finding) => boolean) => {
    const at = list?.findIndex(matches) ?? -1;
    return at === -1 ? undefined : list!.splice(at, 1)[0];
  };
  for (const finding of current) {
    const alike = (candidate: Finding) => candidate.location.path === finding.location.path && candidate.message === finding.message;
    (take(waiting.get(keyOf(finding)), alike) ? unchanged : unmatched).push(finding);
  }
  for (const finding of unmatched) {
    (take(waiting.get(keyOf(finding)), () => true) ? unchanged : added).push(finding);
  }
  return { added, unchanged, fixed: [...waiting.values()].flat() };
}

/** One coverage measure before and after a change. */
export interface CoverageChange {
  readonly before: CoverageFigure | undefined;
  readonly after: CoverageFigure;
}

/** Each measure of the change, with the base's figure (undefined for a measure the base did not have, such as passing). */
export function coverageChanges(base: TraceSummary, current: TraceSummary): CoverageChange[] {
  const before = new Map(coverageFigures(base).map((figure) => [figure.measure, figure]));
  return coverageFigures(current).map((after) => ({ before: before.get(after.measure), after }));
}

/** `requirements verified 41/48 → 43/50`: one measure's move in words. */
export function coverageChangeText({ before, after }: CoverageChange): string {
  const figure = (of: CoverageFigure) => `${of.done}/${of.total}`;
  return `${after.subject} ${after.state} ${before ? figure(before) : 'not measured'} → ${figure(after)}`;
}

/** ▲ or ▼ when a measure's share moved; `''` when it held or the base did not measure it. */
export function coverageTrend({ before, after }: CoverageChange): '▲' | '▼' | '' {
  if (!before || before.total === 0 || after.total === 0) {
    return '';
  }
  const moved = after.done / after.total - before.done / before.total;
  return moved > 0 ? '▲' : moved < 0 ? '▼' : '';
}

/** The findings and the coverage of one state of a folder: what {@link compareTrace} compares. */
export interface TraceState {
  readonly findings: readonly Finding[];
  readonly summary: TraceSummary;
}

/** What a change did to the trace: its findings against the base's, and each coverage measure's move. */
export interface TraceChange {
  readonly changes: FindingChanges;
  readonly coverage: readonly CoverageChange[];
}

/** Compares the current state of a folder with its base: the one comparison `check --since` and the editor show. */
export function compareTrace(base: TraceState, current: TraceState): TraceChange {
  return { changes: compareFindings(base.findings, current.findings), coverage: coverageChanges(base.summary, current.summary) };
}

/** `+2 gaps, 1 fixed vs main`: the new and fixed findings of a change in a few words (a gap is any finding). */
export function changeCountText({ added, fixed }: FindingChanges, ref: string): string {
  const parts = [...(added.length > 0 || fixed.length === 0 ? [`+${countOf(added.length, 'gap')}`] : []), ...(fixed.length > 0 ? [`${fixed.length} fixed`] : [])];
  return `${parts.join(', ')} vs ${ref}`;
}
