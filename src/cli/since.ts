import { compareTrace, type TraceChange, type TraceState, type TraceWorkspace, type WorkspaceReader } from '../core';
import { indexRevision } from '../node/gitRevision';

/** What `check --since <ref>` compares: the findings and coverage of the working tree against those at `ref`. */
export interface SinceReport extends TraceChange {
  readonly ref: string;
  readonly commit: string;
}

/**
 * Indexes `folder` as it is at `ref`, read through git, with the same date and configuration file option as
 * the working tree's index, and compares the two. The base's own `jsp-trace.jsonc` applies unless
 * `--config` names one for both.
 */
export async function compareWithRevision(folder: string, ref: string, current: TraceState, open: (reader: WorkspaceReader) => TraceWorkspace): Promise<SinceReport> {
  const base = await indexRevision(folder, ref, open);
  return { ref, commit: base.commit, ...compareTrace(base, current) };
}
