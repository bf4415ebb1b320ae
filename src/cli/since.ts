import { compareFindings, coverageChanges, type CoverageChange, type Finding, type FindingChanges, type TraceSummary, type TraceWorkspace, type TraceWorkspaceOptions } from '../core';
import { GitRevisionError, GitRevisionReader } from '../node/gitRevision';

/** What `check --since <ref>` compares: the findings and coverage of the working tree against those at `ref`. */
export interface SinceReport {
  readonly ref: string;
  readonly commit: string;
  readonly changes: FindingChanges;
  readonly coverage: readonly CoverageChange[];
}

/**
 * Indexes `folder` as it is at `ref`, read through git, with the same date and configuration file option as
 * the working tree's index, and compares the two. The base's own `jsp-trace.jsonc` applies unless
 * `--config` names one for both.
 */
export async function compareWithRevision(
  folder: string,
  ref: string,
  current: { readonly findings: readonly Finding[]; readonly summary: TraceSummary },
  open: (options: Pick<TraceWorkspaceOptions, 'reader'>) => TraceWorkspace,
): Promise<SinceReport> {
  const reader = await GitRevisionReader.open(folder, ref);
  try {
    const base = open({ reader });
    await base.rebuild();
    if (!base.index) {
      throw new GitRevisionError(`--since: the configuration at "${ref}" has errors, so the base cannot be indexed; compare with a later revision.`);
    }
    const findings = base.findings();
    return {
      ref,
      commit: reader.commit,
      changes: compareFindings(findings, current.findings),
      coverage: coverageChanges(base.summary(findings)!, current.summary),
    };
  } finally {
    reader.close();
  }
}
