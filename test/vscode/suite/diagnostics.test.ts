import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RULES } from '../../../src/core/graph/rules';
import { eventually, fileUri } from './helpers';

describe('Diagnostics', function () {
  it('publishes findings on docs/design/security-requirements.md with source jsp-trace and rule names as codes', async function () {
    const uri = fileUri('docs/design/security-requirements.md');
    const diagnostics = await eventually(
      'jsp-trace diagnostics on security-requirements.md',
      () => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'jsp-trace'),
      (found) => found.length > 0,
    );
    const ruleNames: string[] = RULES.map((rule) => rule.name);
    for (const diagnostic of diagnostics) {
      const code = diagnostic.code;
      assert.ok(code && typeof code === 'object', `code is ${JSON.stringify(code)}, not { value, target }`);
      assert.ok(ruleNames.includes(String(code.value)), `code ${String(code.value)} is not a rule name (${ruleNames.join(', ')})`);
      assert.equal(code.target.fragment, String(code.value), 'the code links to the rule in docs/rules.md');
    }
    // The example's deliberate gap (examples/infusion-pump/README.md): SR-8 at line 80 is not verified.
    const notVerified = diagnostics.find(
      (diagnostic) => typeof diagnostic.code === 'object' && diagnostic.code.value === 'requirement-not-verified' && diagnostic.message.includes('SR-8'),
    );
    assert.ok(notVerified, 'no requirement-not-verified diagnostic for SR-8');
    assert.equal(notVerified.range.start.line + 1, 80);
    assert.equal(notVerified.severity, vscode.DiagnosticSeverity.Error);
  });
});
