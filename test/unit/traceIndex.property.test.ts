import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { openTraceWorkspace, type TraceWorkspace } from '../../src/core';
import { InMemoryWorkspace } from './util';
import { fuzzRuns } from './fuzz';

const PATHS = ['docs/reqs.md', 'docs/threats.md', 'docs/more.md', 'src/a.c', 'src/b.py', 'test/a.test.ts'];
const DOCUMENT_LINES = [
  '## SO-1: Objective', '## SR-1: Nonces', '## SR-2: Keys', '## TM-1: Replay', 'Derives from: SO-1', 'Mitigates: TM-1',
  '| ID | Title |\n|---|---|\n| SR-3 | Row |', '```\n## SR-4\n```', 'See SR-1.', '', '\r',
];
const CODE_LINES = ['// @implements SR-1', '// @verifies SR-1, SR-2', '# @implements SR-3', '"""@verifies SR-2"""', 'x = 1', '/* @mitigates TM-1 */'];

const textFor = (path: string) => fc.array(fc.constantFrom(...(path.endsWith('.md') ? DOCUMENT_LINES : CODE_LINES)), { maxLength: 8 }).map((lines) => lines.join('\n'));
const pathArbitrary = fc.constantFrom(...PATHS);
const operationArbitrary = fc.oneof(
  pathArbitrary.chain((path) => textFor(path).map((text) => ({ type: 'write' as const, path, text }))),
  pathArbitrary.chain((path) => textFor(path).map((text) => ({ type: 'edit in editor' as const, path, text }))),
  fc.record({ type: fc.constant('delete' as const), path: pathArbitrary }),
  fc.record({ type: fc.constant('rename' as const), path: pathArbitrary, to: pathArbitrary }),
);

/** What a workspace answers: its findings and summary, comparable across workspaces. */
function answers(workspace: TraceWorkspace): unknown {
  return { findings: workspace.findings(), summary: workspace.summary() };
}

describe('Incremental index (property)', () => {
  it('after random edits, renames and deletions equals a rebuild of the same files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operationArbitrary, { maxLength: 8 }), async (operations) => {
        const files = new InMemoryWorkspace({ 'docs/reqs.md': '## SR-1: Nonces\nDerives from: SO-1', 'src/a.c': '// @implements SR-1' });
        const workspace = openTraceWorkspace({ reader: files });
        await workspace.rebuild();
        for (const operation of operations) {
          if (operation.type === 'write') {
            files.files[operation.path] = operation.text;
            await workspace.update(operation.path);
          } else if (operation.type === 'edit in editor') {
            // Saved at once, so that a rebuild reads the same text.
            files.files[operation.path] = operation.text;
            await workspace.update(operation.path, operation.text);
          } else if (operation.type === 'delete') {
            delete files.files[operation.path];
            await workspace.update(operation.path);
          } else if (files.files[operation.path] !== undefined && operation.to !== operation.path) {
            files.files[operation.to] = files.files[operation.path]!;
            delete files.files[operation.path];
            await workspace.update(operation.path);
            await workspace.update(operation.to);
          }
        }
        const fresh = openTraceWorkspace({ reader: new InMemoryWorkspace({ ...files.files }) });
        await fresh.rebuild();
        assert.deepEqual(answers(workspace), answers(fresh));
      }),
      { numRuns: fuzzRuns(40) },
    );
  }).timeout(fuzzRuns(40) * 200);
});
