import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, eventually, workspaceFolder } from './helpers';

describe('Activation', function () {
  it('opens examples/infusion-pump as the workspace folder', function () {
    assert.match(workspaceFolder().path, /\/examples\/infusion-pump$/);
  });

  it('activates the extension on the workspace (activation events, not an explicit activate())', async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded: is the repository the extensionDevelopmentPath?`);
    await eventually(`${EXTENSION_ID} to be active`, () => extension.isActive, (active) => active);
  });

  it('registers its commands', async function () {
    const expected = ['jspTrace.openMatrix', 'jspTrace.reindex', 'jspTrace.showOutput', 'jspTrace.treeShowUntraced'];
    const commands = await eventually(
      'the JSP Trace commands',
      () => vscode.commands.getCommands(true),
      (all) => expected.every((command) => all.includes(command)),
    );
    for (const command of expected) {
      assert.ok(commands.includes(command), `${command} is not registered`);
    }
  });

  it('registers every command that package.json contributes', async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((entry) => entry.command);
    const commands = await vscode.commands.getCommands(true);
    assert.deepEqual(
      contributed.filter((command) => !commands.includes(command)),
      [],
      'contributed in package.json but not registered by the extension',
    );
  });
});
