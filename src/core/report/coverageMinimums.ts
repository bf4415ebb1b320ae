/**
 * Minimum coverage a run must reach, per measure (`--min-coverage verified=90,mitigated=100`, or
 * `"minCoverage"` in `jsp-trace.jsonc`): a merge gate on the figures rather than on single findings.
 */
import { COVERAGE_MEASURES, coverageFigures, type CoverageFigure, type CoverageMeasure } from './coverageWording';
import type { TraceSummary } from './summary';

/** The least percentage each measure must reach; a measure not named has no minimum. */
export type CoverageMinimums = Partial<Record<CoverageMeasure, number>>;

export const isCoverageMeasure = (name: string): name is CoverageMeasure => Object.hasOwn(COVERAGE_MEASURES, name);

/** Why a minimum of a measure is not valid, or undefined: a whole or decimal percentage from 0 to 100. */
export function minimumProblem(measure: string, value: unknown): string | undefined {
  if (!isCoverageMeasure(measure)) {
    return `"${measure}" is not a coverage measure; the measures are ${Object.keys(COVERAGE_MEASURES).join(', ')}.`;
  }
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100 ? undefined : `the minimum of "${measure}" must be a percentage from 0 to 100.`;
}

/** Reads `verified=90,implemented=95`; throws an Error whose message says what is wrong. */
export function parseMinimums(text: string): CoverageMinimums {
  const minimums: CoverageMinimums = {};
  for (const part of text.split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const [measure = '', value, ...rest] = part.split('=').map((half) => half.trim());
    const problem = value === undefined || rest.length > 0 || !/^\d+(\.\d+)?$/.test(value) ? `"${part}" is not measure=percentage.` : minimumProblem(measure, Number(value));
    if (problem) {
      throw new Error(problem);
    }
    minimums[measure as CoverageMeasure] = Number(value);
  }
  return minimums;
}

/** One minimum against the figure it applies to. */
export interface MinimumCheck {
  readonly minimum: number;
  readonly figure: CoverageFigure;
  /** A measure with nothing to count (no threats) meets any minimum. */
  readonly met: boolean;
}

/** Each minimum of a measure the summary has (passing only where test results exist), in the measures' order. */
export function checkMinimums(summary: TraceSummary, minimums: CoverageMinimums): MinimumCheck[] {
  return coverageFigures(summary).flatMap((figure) => {
    const minimum = minimums[figure.measure];
    if (minimum === undefined) {
      return [];
    }
    const met = figure.total === 0 || (figure.done / figure.total) * 100 >= minimum;
    return [{ minimum, figure, met }];
  });
}

/** `requirements verified 12/14 (85.7%) is below the minimum of 90%`. */
export function minimumShortfallText({ minimum, figure }: MinimumCheck): string {
  const percent = Math.floor((figure.done / figure.total) * 1000) / 10;
  return `${figure.subject} ${figure.state} ${figure.done}/${figure.total} (${percent}%) is below the minimum of ${minimum}%`;
}
