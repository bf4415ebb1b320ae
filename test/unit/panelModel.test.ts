import * as assert from 'node:assert/strict';
import { buildPanelModel } from '../../src/extension/matrix/matrixPage';
import { indexOf, joinLines } from './util';

describe('The matrix panel model', () => {
  const folder = { key: 'file:///work/pump', name: 'pump' };
  const oftRules = (files: Record<string, string>) => buildPanelModel(folder, indexOf(files)).rules.map((rule) => rule.name).filter((name) => name.startsWith('oft-'));

  it("lists OpenFastTrace's rules only where the folder has OpenFastTrace items", () => {
    assert.deepEqual(oftRules({ 'docs/reqs.md': '## SR-1: Authenticate\n' }), []);
    const spec = joinLines('# Spec', '', '### Authentication', '`req~auth~1`', '', 'Needs: impl', '');
    assert.deepEqual(oftRules({ 'doc/spec.md': spec }), ['oft-uncovered-artifact-type', 'oft-outdated-link', 'oft-unwanted-coverage']);
  });
});
