/** The coverage summary on top of the panel, as figures computed from the core's summary. Pure. */
import type { TraceSummary } from '../src/core/report/summary';

/** One figure of the coverage summary; `done` is undefined when it cannot be measured yet. */
export interface CoverageFigure {
  readonly key: 'derived' | 'implemented' | 'verified' | 'passing' | 'mitigated';
  readonly label: string;
  readonly done: number | undefined;
  readonly total: number;
  /** Whole percent, rounded as the exporters and the status bar round it; undefined without a total. */
  readonly percent: number | undefined;
  readonly note: string;
}

const percentOf = (done: number | undefined, total: number) => (done === undefined || total === 0 ? undefined : Math.round((done / total) * 100));

/** The coverage summary on top of the panel, from the core's summary; "passing" waits for test results. */
export function coverageFigures(summary: TraceSummary): CoverageFigure[] {
  const { requirements, threats } = summary;
  const figure = (key: CoverageFigure['key'], label: string, done: number | undefined, total: number, note: string): CoverageFigure => ({
    key,
    label,
    done,
    total,
    percent: percentOf(done, total),
    note,
  });
  return [
    figure('derived', 'Derived', requirements.derived, requirements.total, 'requirements derived from an objective or misuse case'),
    figure('implemented', 'Implemented', requirements.implemented, requirements.total, 'requirements implemented in code or by a control'),
    figure('verified', 'Verified', requirements.verified, requirements.total, 'requirements verified by a test'),
    figure('passing', 'Passing', undefined, requirements.total, 'no test results yet'),
    figure(
      'mitigated',
      'Threats mitigated',
      threats.mitigated,
      threats.total,
      threats.accepted > 0 ? `threats mitigated; ${threats.accepted} more accepted as residual risk` : 'threats mitigated by a requirement or control',
    ),
  ];
}
