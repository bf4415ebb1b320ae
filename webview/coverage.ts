/** The coverage summary on top of the panel, as figures computed from the core's summary. Pure. */
import { coverageFigures as summaryFigures, threatSplitText, type CoverageMeasure } from '../src/core/report/coverageWording';
import type { TraceSummary } from '../src/core/report/summary';

/** One figure of the coverage summary; `done` is undefined when it cannot be measured yet. */
export interface CoverageFigure {
  readonly key: CoverageMeasure;
  readonly label: string;
  /** The label without its subject (`Verified`), for the narrow card whose note names the subject. */
  readonly shortLabel: string;
  readonly done: number | undefined;
  readonly total: number;
  /** Whole percent, rounded as every other surface rounds it; undefined without a total. */
  readonly percent: number | undefined;
  readonly note: string;
}

/**
 * The coverage summary on top of the panel: the core's measures with the core's labels, so the cards say
 * what the status bar, the CLI and the exports say; without test results "passing" says it waits for them.
 */
export function coverageFigures(summary: TraceSummary): CoverageFigure[] {
  const figures: CoverageFigure[] = summaryFigures(summary).map(({ measure, label, state, done, total, percent, meaning }) => ({
    key: measure,
    label,
    shortLabel: `${state[0]!.toUpperCase()}${state.slice(1)}`,
    done,
    total,
    percent,
    note: measure === 'mitigated' && (summary.threats.accepted > 0 || summary.threats.notApplicable > 0) ? `${meaning} (${threatSplitText(summary)})` : meaning,
  }));
  if (!summary.testResults) {
    const passing: CoverageFigure = { key: 'passing', label: 'Requirements passing', shortLabel: 'Passing', done: undefined, total: summary.requirements.total, percent: undefined, note: 'no test results yet' };
    figures.splice(3, 0, passing);
  }
  return figures;
}
