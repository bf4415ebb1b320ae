// One cold index in a real extension host (code-server), run by bench/run.ts through the end-to-end runner
// (test/e2e/run.mjs) on a generated workspace (E2E_WORKSPACE). The extension measures its host's event loop
// while it indexes and logs it; this reads that line and the index's, and prints one JSON line for the bench.
import fs from 'node:fs';
import path from 'node:path';
import { e2eEnv } from '../test/e2e/lib/env.js';
import { useWorkbench } from '../test/e2e/lib/mocha.js';
import { waitUntil } from '../test/shared/poll.js';

/** The marker of the line bench/run.ts reads. */
const MARKER = 'HOST-STALL ';

/** The extension's log ("JSP Trace" output channel) of the newest window. */
function extensionLog(): string {
  const logs = path.join(e2eEnv().userDataDir, 'logs');
  const files = fs
    .readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('JSP Trace.log'))
    .map((name) => path.join(logs, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return files[0] ? fs.readFileSync(files[0], 'utf8') : '';
}

describe('Extension host during a cold index (bench)', function () {
  this.timeout(900_000);
  const workbench = useWorkbench('host-stall');

  it('logs how long the event loop stalled while the workspace was indexed', async function () {
    workbench();
    const stall = /Extension host while indexing .*: longest event-loop stall (\d+) ms, 99th percentile (\d+) ms/;
    const log = await waitUntil(extensionLog, (text) => stall.test(text), { timeout: 840_000, interval: 1000, message: 'the event-loop line in the log' });
    const [, maxMs, p99Ms] = stall.exec(log)!;
    const index = /Index complete: (\d+) files, (\d+) items, .* in (\d+) ms/.exec(log);
    console.log(`${MARKER}${JSON.stringify({ maxMs: Number(maxMs), p99Ms: Number(p99Ms), files: Number(index?.[1]), items: Number(index?.[2]), indexMs: Number(index?.[3]) })}`);
  });
});
