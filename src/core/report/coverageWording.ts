/**
 * The words and figures of the coverage measures, said once for every surface: the status bar and its
 * tooltip, the matrix's coverage cards, the CLI's summary, the JSP phase view and the HTML export. Only
 * types come in, so the webview bundle imports this file without taking in the rest of the core.
 */
import type { TraceSummary } from './summary';

/** The coverage measures of a {@link TraceSummary}. */
export type CoverageMeasure = 'derived' | 'implemented' | 'verified' | 'passing' | 'mitigated';

/** One coverage measure of a summary: how many of how many, with its label and what it counts. */
export interface CoverageFigure {
  readonly measure: CoverageMeasure;
  /** A short title, the same on every surface: `Threats mitigated or accepted`. */
  readonly label: string;
  /** What is counted (`threats`) and what is measured of it (`mitigated or accepted`), the label's two parts. */
  readonly subject: 'requirements' | 'threats';
  readonly state: string;
  readonly done: number;
  readonly total: number;
  /** Whole percent, rounded; undefined when there is nothing to count. */
  readonly percent: number | undefined;
  /** What `done` counts, as a phrase that follows the figure: `4/5 threats mitigated by …`. */
  readonly meaning: string;
}

/** The words of one measure: see {@link CoverageFigure}. */
export type CoverageWords = Pick<CoverageFigure, 'label' | 'subject' | 'state' | 'meaning'>;

const words = (subject: CoverageFigure['subject'], state: string, meaning: string): CoverageWords => ({
  label: `${subject[0]!.toUpperCase()}${subject.slice(1)} ${state}`,
  subject,
  state,
  meaning,
});

/** The words of each measure, in the order every surface lists them. */
export const COVERAGE_MEASURES: Readonly<Record<CoverageMeasure, CoverageWords>> = {
  derived: words('requirements', 'derived', 'requirements derived from an objective or misuse case'),
  implemented: words('requirements', 'implemented', 'requirements implemented in code or by a control'),
  verified: words('requirements', 'verified', 'requirements verified by a test'),
  passing: words('requirements', 'passing', 'requirements whose tests passed in the latest test results, none failing'),
  mitigated: words('threats', 'mitigated or accepted', 'threats mitigated by a requirement or control, or accepted as residual risk'),
};

/** Whole percent of `done` in `total`, rounded; undefined when `total` is 0. */
export function percentOf(done: number, total: number): number | undefined {
  return total === 0 ? undefined : Math.round((done / total) * 100);
}

/** `80%`, or `–` when there is nothing to count: how a percentage reads in a table cell. */
export function percentText(percent: number | undefined): string {
  return percent === undefined ? '–' : `${percent}%`;
}

/** `4/5 (80%)`, or `0/0` when there is nothing to count: how a figure reads in a sentence. */
export function ratioText(done: number, total: number): string {
  const percent = percentOf(done, total);
  return percent === undefined ? `${done}/${total}` : `${done}/${total} (${percent}%)`;
}

/**
 * The measures of a summary, in order; a threat counts once whether it is mitigated, accepted or both.
 * "Passing" is measured only where the workspace holds test results.
 */
export function coverageFigures(summary: TraceSummary): CoverageFigure[] {
  const { requirements, threats } = summary;
  const counts: Record<CoverageMeasure, readonly [done: number, total: number]> = {
    derived: [requirements.derived, requirements.total],
    implemented: [requirements.implemented, requirements.total],
    verified: [requirements.verified, requirements.total],
    passing: [requirements.passing, requirements.total],
    mitigated: [threats.mitigated + threats.accepted, threats.total],
  };
  const measures = (Object.keys(COVERAGE_MEASURES) as CoverageMeasure[]).filter((measure) => measure !== 'passing' || summary.testResults);
  return measures.map((measure) => {
    const [done, total] = counts[measure];
    return { measure, ...COVERAGE_MEASURES[measure], done, total, percent: percentOf(done, total) };
  });
}

/** How the threats figure splits: `3 mitigated, 1 accepted as residual risk` (`, 2 not applicable`, left out of the figure). */
export function threatSplitText(summary: TraceSummary): string {
  const { mitigated, accepted, notApplicable } = summary.threats;
  return `${mitigated} mitigated, ${accepted} accepted as residual risk${notApplicable > 0 ? `, ${notApplicable} not applicable` : ''}`;
}
