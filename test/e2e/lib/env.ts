/** What run.mjs passes to the specs: where VS Code and the browser are, and where files go. */
export interface E2EEnv {
  /** code-server's base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Playwright endpoint of the Chromium that run.mjs launched (and will stop). */
  readonly browserWs: string;
  /** Absolute path of the temp copy of the example workspace opened in VS Code. */
  readonly workspace: string;
  /** The folder the workspace was copied from (inside the clone). */
  readonly sourceWorkspace: string;
  readonly userDataDir: string;
  /** test-results/e2e in the clone: screenshots and logs. */
  readonly artifacts: string;
  readonly repo: string;
}

let cached: E2EEnv | undefined;

export function e2eEnv(): E2EEnv {
  if (cached) return cached;
  const need = (name: string): string => {
    const value = process.env[name];
    if (!value) {
      throw new Error(`${name} is not set: run the end-to-end tests through \`npm run test:e2e\` (test/e2e/run.mjs)`);
    }
    return value;
  };
  cached = {
    url: need('E2E_URL'),
    browserWs: need('E2E_BROWSER_WS'),
    workspace: need('E2E_WORKSPACE'),
    sourceWorkspace: need('E2E_SOURCE_WORKSPACE'),
    userDataDir: need('E2E_USER_DATA_DIR'),
    artifacts: need('E2E_ARTIFACTS'),
    repo: need('E2E_REPO'),
  };
  return cached;
}

export function envFlag(name: string): boolean {
  const v = process.env[name];
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}
