import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, fileUri, positionOf } from './helpers';

const REQUIREMENTS = 'docs/design/security-requirements.md';
const PYTHON_TEST = 'gateway/tests/test_dose_api.py';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

function target(location: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in location ? { uri: location.targetUri, range: location.targetSelectionRange ?? location.targetRange } : location;
}

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

describe('Language features', function () {
  it('shows a CodeLens with the trace status over each requirement', async function () {
    const uri = fileUri(REQUIREMENTS);
    await vscode.workspace.openTextDocument(uri);
    const lenses = await eventually(
      'a trace-status CodeLens',
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100),
      (found) => (found ?? []).some((lens) => /implementations? · \d+ tests?/.test(lens.command?.title ?? '')),
    );
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.some((title) => /implementations? · \d+ tests?/.test(title)), titles.join('\n'));
  });

  it('works out the title of a CodeLens only when VS Code shows it', async function () {
    // VS Code asks for every lens of a document at each change; only those on screen are resolved. Without a
    // count of lenses to resolve, the command gives them as provided.
    const unresolved = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fileUri(REQUIREMENTS));
    assert.ok(unresolved.length > 0, 'no lenses');
    assert.deepEqual(
      unresolved.flatMap((lens) => (lens.command?.title ? [lens.command.title] : [])),
      [],
      'lenses came with their titles before they were shown',
    );
  });

  describe(`on SR-2 in ${PYTHON_TEST} line 71`, function () {
    let document: vscode.TextDocument;
    let position: vscode.Position;

    before(async function () {
      document = await vscode.workspace.openTextDocument(fileUri(PYTHON_TEST));
      position = positionOf(document, 71, 'SR-2');
    });

    it('hovers with the requirement title', async function () {
      const hovers = await eventually(
        'a hover on SR-2',
        () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position),
        (found) => hoverText(found ?? []).includes('Authenticated dose command envelope'),
      );
      assert.match(hoverText(hovers), /Authenticated dose command envelope/);
    });

    it('goes to the definition in security-requirements.md line 18', async function () {
      const locations = await eventually(
        'a definition of SR-2',
        () => vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, position),
        (found) => (found ?? []).length > 0,
      );
      const targets = locations.map(target);
      const definition = targets.find(({ uri }) => uri.path.endsWith(`/${REQUIREMENTS}`));
      assert.ok(definition, `no definition in ${REQUIREMENTS}: ${targets.map(({ uri }) => uri.toString()).join(', ')}`);
      assert.equal(definition.range.start.line + 1, 18);
    });
  });

  describe('completion of IDs after "// @verifies " in app/test/redact.test.ts', function () {
    const uri = () => fileUri('app/test/redact.test.ts');
    let restoreAutoSave: (() => Thenable<void>) | undefined;

    before(async function () {
      // The edit must never reach the example on disk: VS Code in a browser auto-saves by default.
      const files = vscode.workspace.getConfiguration('files', uri());
      if (files.get('autoSave') !== 'off') {
        const previous = files.inspect<string>('autoSave')?.globalValue;
        await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
        restoreAutoSave = () => vscode.workspace.getConfiguration('files').update('autoSave', previous, vscode.ConfigurationTarget.Global);
      }
      assert.equal(vscode.workspace.getConfiguration('files', uri()).get('autoSave'), 'off', 'files.autoSave must be off for this test');
    });

    after(async function () {
      // Put the example back as it was on disk: the edit is never saved.
      const document = await vscode.workspace.openTextDocument(uri());
      if (document.isDirty) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      const reverted = !document.isDirty;
      await restoreAutoSave?.();
      assert.ok(reverted, 'app/test/redact.test.ts is still modified after the revert');
    });

    it('offers SR-8', async function () {
      const document = await vscode.workspace.openTextDocument(uri());
      await vscode.window.showTextDocument(document);
      const typed = '// @verifies ';
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(1, 0), `${typed}\n`);
      assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
      assert.equal(document.lineAt(1).text, typed);
      const list = await eventually(
        'ID completions',
        () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, typed.length)),
        (found) => (found?.items ?? []).some((item) => label(item) === 'SR-8'),
      );
      const labels = list.items.map(label);
      assert.ok(labels.includes('SR-8'), labels.join(', '));
    });

    it('writes the documentation of an ID only when the list shows it', async function () {
      // A list of thousands of IDs must open at once: the documentation is resolved per item, as VS Code shows it.
      const document = await vscode.workspace.openTextDocument(uri());
      const position = new vscode.Position(1, '// @verifies '.length);
      const documentation = async (resolveCount: number) => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, undefined, resolveCount);
        const index = list.items.findIndex((item) => label(item) === 'SR-8');
        assert.ok(index >= 0, list.items.map(label).join(', '));
        const text = list.items[index].documentation;
        return { index, text: typeof text === 'string' ? text : text?.value };
      };
      const unresolved = await documentation(0);
      assert.equal(unresolved.text, undefined, 'the list carried the documentation before it was shown');
      const resolved = await documentation(unresolved.index + 1);
      assert.match(resolved.text ?? '', /Encrypt PHI at rest/);
    });
  });
});
