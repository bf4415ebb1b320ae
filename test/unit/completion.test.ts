import * as assert from 'node:assert/strict';
import { completionContext } from '../../src/core';

describe('Completion context', () => {
  it('offers requirement and control IDs after @implements, also after a list', () => {
    assert.deepEqual(completionContext('  // @implements ', false), { type: 'ids', kinds: ['requirement', 'control'], replaceStart: 17 });
    assert.deepEqual(completionContext('# @implements SR-1, SR', false), { type: 'ids', kinds: ['requirement', 'control'], replaceStart: 20 });
  });

  it('offers requirements after @verifies and threats after @mitigates', () => {
    assert.deepEqual(completionContext('/* @verifies: S', false), { type: 'ids', kinds: ['requirement'], replaceStart: 14 });
    assert.deepEqual(completionContext('// @mitigates TM-1 and ', false), { type: 'ids', kinds: ['threat'], replaceStart: 23 });
  });

  it('offers objectives and misuse cases on a Derives from line, threats on a Mitigates line', () => {
    assert.deepEqual(completionContext('Derives from: SO-1, ', true), { type: 'ids', kinds: ['objective', 'misuse'], replaceStart: 20 });
    assert.deepEqual(completionContext('- **Mitigates:** T', true), { type: 'ids', kinds: ['threat'], replaceStart: 17 });
  });

  it('offers nothing on other Markdown lines', () => {
    assert.equal(completionContext('Category: Auth', true), undefined);
    assert.equal(completionContext('Some prose', true), undefined);
  });

  it('offers annotation verbs after @ in code, not in Markdown', () => {
    assert.deepEqual(completionContext('// @ver', false), { type: 'verbs', replaceStart: 3 });
    assert.equal(completionContext('mail me @ver', true), undefined);
  });

  it('stops offering IDs after prose follows the list', () => {
    assert.equal(completionContext('// @implements SR-1 because ', false)?.type, undefined);
  });
});
