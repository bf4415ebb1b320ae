/**
 * The lockfiles of the generated workspace (see bench/evidence.ts), one for each of its ecosystems that has one
 * (npm, Poetry, Go, Cargo; Maven has none), as each tool writes it: the packages of the SBOM's components of that
 * ecosystem at their versions, but for about 1% updated since the SBOM was generated (SBOM drift), plus the
 * development-only packages a format marks as such (npm's `dev`, Poetry's `groups`), which SBOMs leave out.
 */
import { base64, hex, otherVersion, purlOf, versionOf, type Component, type Ecosystem } from './components';
import type { Random } from './generate';

/** What one lockfile holds. */
export interface LockfileStats {
  readonly path: string;
  readonly bytes: number;
  /** Packages pinned for the product, which the SBOM should list. */
  readonly packages: number;
  readonly dev: number;
  /** Of {@link packages}, pinned at a version the SBOM does not list. */
  readonly drifted: number;
}

type Put = (path: string, text: string) => number;

/** A package as a lockfile pins it: the component, at its version or (drifted) the next one. */
interface Pinned {
  readonly component: Component;
  readonly version: string;
}

const DEV_PACKAGES: Readonly<Partial<Record<Ecosystem, readonly string[]>>> = {
  npm: `jest @jest/core babel-jest eslint @eslint/js typescript ts-jest ts-node prettier @types/jest @types/node @types/react
    @typescript-eslint/parser @typescript-eslint/eslint-plugin eslint-plugin-react eslint-plugin-react-hooks eslint-plugin-import vite
    @vitejs/plugin-react esbuild rollup mocha chai sinon nyc husky lint-staged jsdom jest-environment-jsdom @testing-library/react
    @testing-library/jest-dom @testing-library/user-event msw supertest nock`.split(/\s+/),
  pypi: `pytest pytest-cov pytest-asyncio pytest-mock mypy mypy-extensions ruff black coverage hypothesis freezegun respx pre-commit
    types-requests types-pyyaml types-python-dateutil pluggy iniconfig pathspec platformdirs nodeenv identify cfgv virtualenv distlib
    filelock`.split(/\s+/),
};

/** Writes the lockfiles; returns what each holds. */
export function writeLockfiles(r: Random, components: readonly Component[], put: Put): LockfileStats[] {
  const purls = new Set(components.map((c) => c.purl));
  const pin = (ecosystem: Ecosystem): { pinned: Pinned[]; drifted: number } => {
    let drifted = 0;
    const pinned = components
      .filter((c) => c.ecosystem === ecosystem)
      .map((component) => {
        if (!r.chance(0.01)) {
          return { component, version: component.version };
        }
        let version = otherVersion(component.version, 1);
        while (purls.has(purlOf(ecosystem, component.group, component.name, version))) {
          version = otherVersion(version, 1);
        }
        drifted++;
        return { component, version };
      });
    return { pinned, drifted };
  };
  const devOf = (ecosystem: Ecosystem, count: number): Pinned[] => {
    const names = new Set(components.filter((c) => c.ecosystem === ecosystem).map((c) => c.name));
    return (DEV_PACKAGES[ecosystem] ?? []).filter((name) => !names.has(name)).slice(0, count).map((name) => ({ component: devComponent(ecosystem, name), version: versionOf(r, ecosystem, name) }));
  };
  const stats: LockfileStats[] = [];
  const write = (path: string, ecosystem: Ecosystem, text: (pinned: readonly Pinned[], dev: readonly Pinned[]) => string, devShare = 0): void => {
    const { pinned, drifted } = pin(ecosystem);
    if (pinned.length === 0) {
      return;
    }
    const dev = devOf(ecosystem, Math.round(pinned.length * devShare));
    stats.push({ path, bytes: put(path, text(pinned, dev)), packages: pinned.length, dev: dev.length, drifted });
  };
  write('app/package-lock.json', 'npm', (pinned, dev) => packageLock(r, pinned, dev), 0.15);
  write('cloud/poetry.lock', 'pypi', (pinned, dev) => poetryLock(r, pinned, dev), 0.15);
  write('gateway/go.sum', 'golang', (pinned) => goSum(r, pinned));
  write('agent/Cargo.lock', 'cargo', (pinned) => cargoLock(r, pinned, components));
  return stats;
}

function devComponent(ecosystem: Ecosystem, name: string): Component {
  return { ecosystem, tool: 'cdxgen', group: undefined, name, version: '', purl: '', bomRef: '', support: 'supported', properties: [], license: 'MIT', dependsOn: [] };
}

/** The names (and versions) of the packages a component depends on, among those pinned. */
function dependencies(pinned: readonly Pinned[], component: Component, all: readonly Component[]): Pinned[] {
  const byComponent = new Map(pinned.map((p) => [p.component, p]));
  return component.dependsOn.flatMap((i) => {
    const dependency = byComponent.get(all[i]!);
    return dependency ? [dependency] : [];
  });
}

/** npm's `package-lock.json`, lockfile v3: `packages` by install folder, a second version of a name nested under a dependent. */
function packageLock(r: Random, pinned: readonly Pinned[], dev: readonly Pinned[]): string {
  const packages: Record<string, unknown> = {};
  const taken = new Set<string>();
  const all = pinned.map((p) => p.component);
  const entry = (p: Pinned, isDev: boolean): void => {
    let folder = `node_modules/${p.component.name}`;
    while (taken.has(folder)) {
      folder = `node_modules/${r.pick(pinned).component.name}/node_modules/${p.component.name}`;
    }
    taken.add(folder);
    const base = p.component.name.slice(p.component.name.lastIndexOf('/') + 1);
    const needs = dependencies(pinned, p.component, all);
    packages[folder] = {
      version: p.version,
      resolved: `https://registry.npmjs.org/${p.component.name}/-/${base}-${p.version}.tgz`,
      integrity: `sha512-${base64(r, 86)}==`,
      ...(isDev ? { dev: true } : {}),
      ...(p.component.license ? { license: p.component.license } : {}),
      ...(needs.length > 0 ? { dependencies: Object.fromEntries(needs.map((d) => [d.component.name, `^${d.version}`])) } : {}),
    };
  };
  pinned.forEach((p) => entry(p, false));
  dev.forEach((p) => entry(p, true));
  const range = (list: readonly Pinned[]) => Object.fromEntries(list.slice(0, 40).map((p) => [p.component.name, `^${p.version}`]));
  const root = { name: 'pumplink-app', version: '2.3.0', license: 'UNLICENSED', dependencies: range(pinned), devDependencies: range(dev) };
  const sorted = Object.fromEntries([['', root], ...Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1))]);
  return JSON.stringify({ name: 'pumplink-app', version: '2.3.0', lockfileVersion: 3, requires: true, packages: sorted }, null, 2);
}

/** Poetry 2's `poetry.lock`: a `[[package]]` table per package with its files' hashes, `groups` saying main or dev. */
function poetryLock(r: Random, pinned: readonly Pinned[], dev: readonly Pinned[]): string {
  const all = pinned.map((p) => p.component);
  const table = (p: Pinned, group: string): string[] => {
    const file = p.component.name.replace(/-/g, '_');
    const needs = dependencies(pinned, p.component, all);
    return [
      '[[package]]',
      `name = "${p.component.name}"`,
      `version = "${p.version}"`,
      `description = "${p.component.name} for Python"`,
      'optional = false',
      `python-versions = ">=3.${r.int(7, 10)}"`,
      `groups = ["${group}"]`,
      'files = [',
      ...(r.chance(0.4) ? [`    {file = "${file}-${p.version}-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", hash = "sha256:${hex(r, 64)}"},`] : []),
      `    {file = "${file}-${p.version}-py3-none-any.whl", hash = "sha256:${hex(r, 64)}"},`,
      `    {file = "${file}-${p.version}.tar.gz", hash = "sha256:${hex(r, 64)}"},`,
      ']',
      '',
      ...(needs.length > 0 ? ['[package.dependencies]', ...needs.map((d) => `${d.component.name} = ">=${d.version}"`), ''] : []),
    ];
  };
  const tables = [...pinned.map((p) => [p, 'main'] as const), ...dev.map((p) => [p, 'dev'] as const)].sort(([a], [b]) => (a.component.name < b.component.name ? -1 : 1));
  return [
    '# This file is automatically @generated by Poetry 2.0.1 and should not be changed by hand.',
    '',
    ...tables.flatMap(([p, group]) => table(p, group)),
    '[metadata]',
    'lock-version = "2.1"',
    'python-versions = ">=3.11,<3.13"',
    `content-hash = "${hex(r, 64)}"`,
  ].join('\n');
}

/** `go.sum`: a module's line and its go.mod's; modules that only took part in version selection have the second alone. */
function goSum(r: Random, pinned: readonly Pinned[]): string {
  const hash = (): string => `h1:${base64(r, 43)}=`;
  const lines = pinned.flatMap(({ component, version }) => [
    `${component.name} ${version} ${hash()}`,
    `${component.name} ${version}/go.mod ${hash()}`,
    ...(r.chance(0.3) ? [`${component.name} ${otherVersion(version, -1)}/go.mod ${hash()}`] : []),
  ]);
  return lines.sort().join('\n');
}

/** `Cargo.lock` (version 3): the agent's own crate, then every crate from crates.io with its checksum and dependencies. */
function cargoLock(r: Random, pinned: readonly Pinned[], all: readonly Component[]): string {
  const versions = new Map<string, number>();
  pinned.forEach((p) => versions.set(p.component.name, (versions.get(p.component.name) ?? 0) + 1));
  // A name locked at two versions is named with its version where it is depended on.
  const named = (p: Pinned) => (versions.get(p.component.name)! > 1 ? `${p.component.name} ${p.version}` : p.component.name);
  const list = (names: readonly string[]) => (names.length > 0 ? ['dependencies = [', ...names.map((name) => ` "${name}",`), ']'] : []);
  const dependedOn = new Set(pinned.flatMap((p) => dependencies(pinned, p.component, all)));
  const own = ['[[package]]', 'name = "pumplink-agent"', 'version = "2.3.0"', ...list(pinned.filter((p) => !dependedOn.has(p)).map(named).sort()), ''];
  const crates = [...pinned]
    .sort((a, b) => (a.component.name < b.component.name ? -1 : a.component.name > b.component.name ? 1 : a.version < b.version ? -1 : 1))
    .flatMap((p) => [
      '[[package]]',
      `name = "${p.component.name}"`,
      `version = "${p.version}"`,
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      `checksum = "${hex(r, 64)}"`,
      ...list(dependencies(pinned, p.component, all).map(named).sort()),
      '',
    ]);
  return ['# This file is automatically @generated by Cargo.', '# It is not intended for manual editing.', 'version = 3', '', ...own, ...crates].join('\n').trimEnd();
}
