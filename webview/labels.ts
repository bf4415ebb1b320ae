/** What the panel calls its tabs and status filters, and how an entry reads where room is short. */
import { entryLabel, type MatrixEntry } from '../src/core/report/matrixVocabulary';
import type { PanelTab, StatusFilter } from './state';

/** The label of each tab (shorter than the core's view titles, which head the exports). */
export const VIEW_LABELS: Readonly<Record<PanelTab, string>> = {
  requirements: 'Requirements',
  threats: 'Threats',
  concept: 'Objectives & misuse',
  vulnerabilities: 'Vulnerabilities',
  phases: 'JSP phases',
};

/** The options of the status filter. */
export const STATUS_LABELS: Readonly<Record<StatusFilter, string>> = {
  all: 'All statuses',
  untraced: 'Untraced',
  failing: 'Failing (error findings)',
  covered: 'Covered (traced)',
};

/**
 * How an entry reads in a narrow grid cell or graph node: a code location by file name and line
 * (`envelope.c:42`), the full path being in its tooltip; an item as {@link entryLabel}.
 */
export function shortEntryLabel(entry: MatrixEntry): string {
  if (entry.id === undefined && entry.location) {
    const { path, range } = entry.location;
    return `${path.slice(path.lastIndexOf('/') + 1)}:${range.start.line + 1}`;
  }
  return entryLabel(entry);
}
