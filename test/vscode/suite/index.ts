// Loaded by the VS Code extension host (--extensionTestsPath): runs every suite/*.test.js next to this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: true, timeout: 60_000 });
  const grep = process.env.JSP_TRACE_VSCODE_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  for (const name of fs.readdirSync(__dirname).filter((file) => file.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, name));
  }
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed.`)) : resolve()));
  });
}
