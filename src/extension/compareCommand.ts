import * as vscode from 'vscode';
import { GitRevisionError, indexRevision, revisionChoices, type GitRevisionProblem } from '../node/gitRevision';
import { CommandId } from './commands';
import type { FolderIndex } from './indexer';
import type { SurfaceContext } from './surfaceContext';

/** A row of the ref pick: a ref to compare with (and how the surfaces name it), or stopping. */
interface RefPick extends vscode.QuickPickItem {
  readonly ref?: string;
  readonly name?: string;
  readonly stop?: boolean;
}

/** "JSP Trace: Compare with Branch…": pick a ref, index the folder as it is there, and compare the live index with it. */
export function registerCompareCommand(ctx: SurfaceContext): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.CompareWithBranch, () => compareWithBranch(ctx));
}

async function compareWithBranch(ctx: SurfaceContext): Promise<void> {
  const folder = await pickFolder(ctx);
  if (!folder) {
    return;
  }
  const name = folder.folder.name;
  if (folder.folder.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage(
      `${name} is not on this machine's disk (${folder.folder.uri.scheme}:), so JSP Trace cannot read its git history. Open a local clone to compare it with a branch.`,
    );
    return;
  }
  const path = folder.folder.uri.fsPath;
  const choices = await revisionChoices(path);
  if (!choices) {
    void vscode.window.showWarningMessage(`${name} is not in a git repository, so there is no branch to compare it with.`);
    return;
  }
  const picks: RefPick[] = [];
  if (choices.mergeBase) {
    const { commit, upstream } = choices.mergeBase;
    picks.push({ label: `$(git-merge) Merge base with ${upstream}`, description: commit.slice(0, 12), ref: commit, name: `merge base with ${upstream}` });
  }
  // Full ref names: a tag named like a branch would win a short name.
  const branches = (label: string, icon: string, namespace: string, refs: readonly string[]): RefPick[] =>
    refs.length === 0 ? [] : [{ label, kind: vscode.QuickPickItemKind.Separator }, ...refs.map((ref) => ({ label: `$(${icon}) ${ref}`, ref: `${namespace}${ref}`, name: ref }))];
  picks.push(...branches('Branches', 'git-branch', 'refs/heads/', choices.localBranches), ...branches('Remote branches', 'cloud', 'refs/remotes/', choices.remoteBranches));
  if (ctx.comparison.folder) {
    picks.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(close) Stop Comparing', stop: true });
  }
  const picked = await vscode.window.showQuickPick(picks, { title: `Compare ${name} with…`, placeHolder: 'A branch or commit: the status bar, the trace view and the matrix then show what changed since' });
  if (picked?.stop) {
    ctx.comparison.stop();
  } else if (picked?.ref && picked.name) {
    await startComparing(ctx, folder, picked.ref, picked.name);
  }
}

/** The folder to compare: the only one, else the one the person picks (the active editor's first). */
async function pickFolder({ indexer }: SurfaceContext): Promise<FolderIndex | undefined> {
  const folders = indexer.folders();
  if (folders.length <= 1) {
    if (!folders[0]) {
      void vscode.window.showInformationMessage('JSP Trace has no indexed folder to compare yet: wait for indexing to finish, then try again.');
    }
    return folders[0];
  }
  const active = vscode.window.activeTextEditor && indexer.locate(vscode.window.activeTextEditor.document.uri)?.folder;
  const ordered = active ? [active, ...folders.filter((folder) => folder !== active)] : folders;
  const picked = await vscode.window.showQuickPick(
    ordered.map((folder) => ({ label: folder.folder.name, folder })),
    { title: 'Compare which folder with a branch?' },
  );
  return picked?.folder;
}

/** Indexes the folder at `ref` once, then turns the comparison on; a ref that cannot be read is said, never thrown. */
async function startComparing({ comparison, log }: SurfaceContext, folder: FolderIndex, ref: string, name: string): Promise<void> {
  const pick = comparison.beginPick();
  try {
    const state = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `JSP Trace: indexing ${folder.folder.name} at ${name}…` },
      () => indexRevision(folder.folder.uri.fsPath, ref, (reader) => folder.openElsewhere(reader)),
    );
    log.info(`Comparing ${folder.folder.name} with ${name} (${state.commit}): ${state.findings.length} findings there.`);
    comparison.start(folder, state, name, pick);
  } catch (error) {
    if (error instanceof GitRevisionError) {
      void vscode.window.showErrorMessage(problemMessage(error.problem, folder.folder.name, name));
    } else {
      log.error(`Comparing ${folder.folder.name} with ${name} failed`, error);
      void vscode.window.showErrorMessage(`JSP Trace could not read ${folder.folder.name} at ${name}: ${(error as Error).message}. See the "JSP Trace" output for details.`);
    }
  }
}

function problemMessage(problem: GitRevisionProblem, folder: string, ref: string): string {
  switch (problem) {
    case 'not-a-repository':
      return `${folder} is not in a git repository, so there is no branch to compare it with.`;
    case 'unknown-revision':
      return `"${ref}" is not a commit in this clone. Fetch it (git fetch) and pick it again.`;
    case 'configuration-errors':
      return `jsp-trace.jsonc at ${ref} has errors, so ${folder} cannot be indexed as it is there. Compare with a later branch or commit.`;
  }
}
