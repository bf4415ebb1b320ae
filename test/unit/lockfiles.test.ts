import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { isLockfile, readLockfile, type Lockfile } from '../../src/core/extract/lockfiles';
import { LineIndex, type Range } from '../../src/core';
import { fuzzRuns } from './fuzz';
import { joinLines } from './util';

const fixtures = path.resolve(__dirname, '../fixtures/lockfiles');

/** Reads a hand-written fixture (test/fixtures/lockfiles/<folder>/<file>) under the workspace path `app/<file>`. */
function fixture(folder: string, file: string): { text: string; lockfile: Lockfile } {
  const text = readFileSync(path.join(fixtures, folder, file), 'utf8');
  return { text, lockfile: read(`app/${file}`, text) };
}

function read(filePath: string, text: string): Lockfile {
  const lockfile = readLockfile(filePath, text);
  assert.ok(lockfile, `${filePath} is read as a lockfile`);
  return lockfile;
}

/** `line purl`, with ` dev` for dev packages: one per package, in file order. */
const summary = (lockfile: Lockfile) => lockfile.packages.map((p) => `${p.range.start.line} ${p.purl}${p.dev ? ' dev' : ''}`);

/** The text a range covers, so tests show what each package points at. */
function textAt(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.lineStart(range.start.line) + range.start.character, lines.lineStart(range.end.line) + range.end.character);
}

const pointedAt = ({ text, lockfile }: { text: string; lockfile: Lockfile }) => lockfile.packages.map((p) => textAt(text, p.range));

describe('Lockfile readers', () => {
  describe('which files', () => {
    it('knows lockfiles by their file name, in any folder and with either separator', () => {
      for (const known of ['package-lock.json', 'web/npm-shrinkwrap.json', 'svc\\poetry.lock', 'requirements.txt', 'py/requirements-dev.txt', 'requirements_lock.txt', 'fw/Cargo.lock', 'go.sum']) {
        assert.ok(isLockfile(known), known);
        assert.ok(readLockfile(known, ''), known);
      }
      for (const unknown of ['package.json', 'yarn.lock', 'pnpm-lock.yaml', 'requirements.in', 'dev-requirements.txt', 'pyproject.toml', 'Cargo.toml', 'cargo.lock', 'go.mod', 'docs/go.sum.md']) {
        assert.equal(isLockfile(unknown), false, unknown);
        assert.equal(readLockfile(unknown, '{}'), undefined, unknown);
      }
    });
  });

  describe('package-lock.json', () => {
    it('reads npm 10 (lockfile v3): scoped and nested packages, an alias under its real name, dev and devOptional', () => {
      const file = fixture('npm10', 'package-lock.json');
      assert.deepEqual(file.lockfile.problems, []);
      assert.deepEqual(summary(file.lockfile), [
        '23 pkg:npm/%40babel/core@7.26.0 dev',
        '40 pkg:npm/semver@6.3.1 dev',
        '50 pkg:npm/%40esbuild/linux-x64@0.24.0 dev',
        '71 pkg:npm/ansi-regex@5.0.1',
        '80 pkg:npm/debug@2.6.9',
        '89 pkg:npm/esbuild@0.24.0 dev',
        '106 pkg:npm/express@4.21.1',
        '120 pkg:npm/ms@2.0.0',
        '126 pkg:npm/send@0.19.0',
        '138 pkg:npm/ms@2.1.3',
        '144 pkg:npm/string-width@4.2.3',
      ]);
      const babel = file.lockfile.packages[0]!;
      assert.deepEqual([babel.ecosystem, babel.name, babel.version], ['npm', '@babel/core', '7.26.0']);
      assert.deepEqual(babel.range, { start: { line: 23, character: 4 }, end: { line: 23, character: 30 } });
      assert.equal(pointedAt(file)[1], '"node_modules/@babel/core/node_modules/semver"');
      assert.equal(pointedAt(file)[10], '"node_modules/string-width-cjs"');
    });

    it('skips the project itself: the root entry, workspace folders and their node_modules links', () => {
      const purls = fixture('npm10', 'package-lock.json').lockfile.packages.map((p) => p.purl);
      assert.ok(!purls.some((purl) => purl.includes('pump-console') || purl.includes('protocol')), purls.join(', '));
    });

    it('reads npm-shrinkwrap.json the same way', () => {
      const text = readFileSync(path.join(fixtures, 'npm10', 'package-lock.json'), 'utf8');
      assert.deepEqual(read('npm-shrinkwrap.json', text), fixture('npm10', 'package-lock.json').lockfile);
    });

    it('reads npm 6 (lockfile v1): the nested dependencies tree, a v1 alias, and no git or file versions', () => {
      const file = fixture('npm6', 'package-lock.json');
      assert.deepEqual(file.lockfile.problems, []);
      assert.deepEqual(summary(file.lockfile), [
        '6 pkg:npm/%40babel/code-frame@7.12.13 dev',
        '15 pkg:npm/%40babel/highlight@7.13.10 dev',
        '21 pkg:npm/debug@2.6.9',
        '29 pkg:npm/ms@2.0.0',
        '40 pkg:npm/send@0.17.1',
        '48 pkg:npm/ms@2.1.1',
        '59 pkg:npm/string-width@4.2.3',
      ]);
      assert.deepEqual(pointedAt(file).slice(5), ['"ms"', '"string-width-cjs"']);
    });

    it('reads a v2 lockfile from its packages tree only, though it also carries the v1 tree', () => {
      const text = joinLines(
        '{',
        '  "lockfileVersion": 2,',
        '  "packages": {',
        '    "": { "name": "app", "version": "1.0.0" },',
        '    "node_modules/lodash": { "version": "4.17.21" }',
        '  },',
        '  "dependencies": {',
        '    "lodash": { "version": "4.17.21" }',
        '  }',
        '}',
      );
      assert.deepEqual(summary(read('package-lock.json', text)), ['4 pkg:npm/lodash@4.17.21']);
    });

    it('reports malformed JSON once, with the parser\'s message, at the parser\'s position', () => {
      const { lockfile } = fixture('malformed-json', 'package-lock.json');
      assert.deepEqual(lockfile.packages, []);
      assert.deepEqual(lockfile.problems, [
        { message: 'Not readable as JSON: comma expected.', range: { start: { line: 9, character: 6 }, end: { line: 9, character: 17 } } },
      ]);
      assert.deepEqual(read('package-lock.json', '').problems.map((p) => p.message), ['Not readable as JSON: value expected.']);
    });

    it('reports JSON nested too deep for the parser instead of running out of stack', () => {
      // A v1 tree `depth` packages deep: two JSON levels per package, under the root object.
      const nested = (depth: number) =>
        '{"dependencies":' + '{"a":{"version":"1.0.0","dependencies":'.repeat(depth - 1) + '{"a":{"version":"1.0.0"}' + '}}'.repeat(depth);
      const three = nested(3);
      const keys = [...three.matchAll(/"a"/g)].map((match) => match.index);
      assert.deepEqual(read('package-lock.json', three).packages.map((p) => p.range.start.character), keys);
      assert.equal(read('package-lock.json', nested(499)).packages.length, 499);
      const text = nested(600);
      const level1001 = [...text.matchAll(/\{/g)][1000]!.index;
      assert.deepEqual(read('package-lock.json', text).problems.map((p) => [p.message, p.range.start.character]), [
        ['Not readable as JSON: nested more than 1000 levels deep.', level1001],
      ]);
    });
  });

  describe('poetry.lock', () => {
    it('reads Poetry 1.1: names normalised as PEP 503 says, category "dev" as dev, [metadata.files] ignored', () => {
      const file = fixture('poetry-1.1', 'poetry.lock');
      assert.deepEqual(file.lockfile.problems, []);
      assert.deepEqual(summary(file.lockfile), [
        '1 pkg:pypi/certifi@2021.10.8',
        '9 pkg:pypi/pyyaml@6.0',
        '17 pkg:pypi/pytest@6.2.5 dev',
        '38 pkg:pypi/typing-extensions@4.0.1 dev',
      ]);
      assert.deepEqual(pointedAt(file), ['name = "certifi"', 'name = "PyYAML"', 'name = "pytest"', 'name = "typing_extensions"']);
      assert.deepEqual(file.lockfile.packages.map((p) => p.name), ['certifi', 'PyYAML', 'pytest', 'typing_extensions']);
    });

    it('reads Poetry 1.8: no categories, so nothing is known to be dev-only', () => {
      const file = fixture('poetry-1.8', 'poetry.lock');
      assert.deepEqual(summary(file.lockfile), [
        '3 pkg:pypi/certifi@2024.8.30',
        '14 pkg:pypi/cryptography@43.0.3',
        '33 pkg:pypi/requests@2.32.3',
        '54 pkg:pypi/zope-interface@7.1.1',
      ]);
      assert.deepEqual(pointedAt(file), ['name = "certifi"', 'name = "cryptography"', 'name = "requests"', 'name = "zope-interface"']);
    });

    it('reads Poetry 2: groups outside "main" are dev, a git source counts, a local directory does not', () => {
      const file = fixture('poetry-2', 'poetry.lock');
      assert.deepEqual(summary(file.lockfile), [
        '3 pkg:pypi/colorama@0.4.6',
        '16 pkg:pypi/iniconfig@2.0.0 dev',
        '28 pkg:pypi/mkdocs-material@9.5.44 dev',
        '54 pkg:pypi/pyserial@3.5',
        '72 pkg:pypi/typing-extensions@4.12.2',
      ]);
      assert.equal(pointedAt(file)[3], 'name = "pyserial"');
    });

    it('takes each package\'s own name line: not a dependency called "name", not a header inside a string', () => {
      const text = joinLines(
        '[[package]]',
        'version = "1.0"',
        'description = """',
        '[[package]]',
        'name = "ghost"',
        '"""',
        'name = "alpha"',
        '',
        '[package.dependencies]',
        'name = "beta"  # a dependency called "name", whose requirement reads like the next package\'s name',
        '',
        '[[package]]',
        '"name" = \'beta\'  # a literal string and a quoted key',
        'version = "2.0"',
      );
      const lockfile = read('poetry.lock', text);
      assert.deepEqual(summary(lockfile), ['6 pkg:pypi/alpha@1.0', '12 pkg:pypi/beta@2.0']);
      assert.deepEqual(lockfile.packages.map((p) => textAt(text, p.range)), ['name = "alpha"', `"name" = 'beta'  # a literal string and a quoted key`]);
    });
  });

  describe('requirements*.txt', () => {
    it('reads pip-compile --generate-hashes output: hashes, markers, extras, "# via" comments, the unsafe section', () => {
      const file = fixture('pip-compile', 'requirements.txt');
      assert.deepEqual(file.lockfile.problems, []);
      assert.deepEqual(summary(file.lockfile), [
        '8 pkg:pypi/certifi@2024.8.30',
        '12 pkg:pypi/charset-normalizer@3.4.0',
        '16 pkg:pypi/cryptography@43.0.3',
        '20 pkg:pypi/idna@3.10',
        '24 pkg:pypi/pywin32@308',
        '28 pkg:pypi/requests@2.32.3',
        '34 pkg:pypi/urllib3@2.2.3',
        '38 pkg:pypi/zope-interface@7.1.1',
        '44 pkg:pypi/setuptools@75.3.0',
      ]);
      assert.deepEqual(pointedAt(file).slice(4, 8), ['pywin32==308', 'requests[socks]==2.32.3', 'urllib3==2.2.3', 'zope.interface==7.1.1']);
    });

    it('reads pip-compile\'s default output, and takes a requirements-dev file as dev', () => {
      assert.deepEqual(summary(fixture('pip-compile', 'requirements-dev.txt').lockfile), [
        '6 pkg:pypi/iniconfig@2.0.0 dev',
        '8 pkg:pypi/packaging@24.2 dev',
        '10 pkg:pypi/pluggy@1.5.0 dev',
        '12 pkg:pypi/pytest@8.3.3 dev',
        '16 pkg:pypi/pytest-cov@6.0.0 dev',
      ]);
      assert.equal(read('requirements-devices.txt', 'a==1').packages[0]!.dev, false);
      assert.equal(read('requirements_test.txt', 'a==1').packages[0]!.dev, true);
    });

    it('reads only exact pins of a hand-written file: options, editables, ranges, wildcards, URLs and comments are skipped', () => {
      const file = fixture('pip-hand', 'requirements.txt');
      assert.deepEqual(summary(file.lockfile), [
        '7 pkg:pypi/flask@3.0.3',
        '11 pkg:pypi/django-filter@24.3',
        '12 pkg:pypi/uvicorn@0.32.0',
        '13 pkg:pypi/pydantic@2.9.2',
        '15 pkg:pypi/attrs@24.2.0',
        '16 pkg:pypi/numpy@2.1.3',
        '17 pkg:pypi/orjson@3.10.11',
      ]);
      assert.deepEqual(pointedAt(file), [
        'Flask==3.0.3',
        'Django_Filter == 24.3',
        'uvicorn[standard]==0.32.0',
        'pydantic===2.9.2',
        'attrs==24.2.0',
        'numpy==2.1.3',
        'orjson==3.10.11',
      ]);
    });

    it('follows pip\'s line rules: a comment line never continues, CRLF line ends, a pin split over lines', () => {
      const text = ['# pinned below \\', 'six==1.16.0', 'wheel==0.45.0 \\', '    --hash=sha256:abc', 'pip\\', '==24.3.1'].join('\r\n');
      const lockfile = read('requirements.txt', text);
      assert.deepEqual(summary(lockfile), ['1 pkg:pypi/six@1.16.0', '2 pkg:pypi/wheel@0.45.0', '4 pkg:pypi/pip@24.3.1']);
      assert.deepEqual(lockfile.packages.map((p) => textAt(text, p.range)), ['six==1.16.0', 'wheel==0.45.0', 'pip']);
    });
  });

  describe('Cargo.lock', () => {
    it('reads registry and git crates, two versions of one crate, and skips the workspace\'s own crates', () => {
      const file = fixture('cargo', 'Cargo.lock');
      assert.deepEqual(file.lockfile.problems, []);
      assert.deepEqual(summary(file.lockfile), [
        '5 pkg:cargo/block-buffer@0.10.4',
        '14 pkg:cargo/generic-array@0.14.7',
        '24 pkg:cargo/heapless@0.9.0',
        '50 pkg:cargo/sha2@0.10.8',
        '61 pkg:cargo/syn@1.0.109',
        '72 pkg:cargo/syn@2.0.87',
      ]);
      assert.deepEqual(pointedAt(file).slice(4), ['name = "syn"', 'name = "syn"']);
    });

    it('reports malformed TOML once, with the parser\'s message, at the parser\'s line and column', () => {
      const { lockfile } = fixture('malformed-toml', 'Cargo.lock');
      assert.deepEqual(lockfile.packages, []);
      assert.deepEqual(lockfile.problems, [
        { message: 'Not readable as TOML: control characters are not allowed in strings', range: { start: { line: 6, character: 17 }, end: { line: 6, character: 17 } } },
      ]);
    });
  });

  describe('go.sum', () => {
    it('reads one package per module version, keeping the v and +incompatible, and skips go.mod-only modules', () => {
      const file = fixture('go', 'go.sum');
      assert.deepEqual(file.lockfile.problems, []);
      assert.deepEqual(summary(file.lockfile), [
        '0 pkg:golang/github.com/BurntSushi/toml@v1.4.0',
        '2 pkg:golang/github.com/davecgh/go-spew@v1.1.1',
        '4 pkg:golang/github.com/docker/docker@v20.10.24+incompatible',
        '6 pkg:golang/github.com/pkg/errors@v0.9.1',
        '9 pkg:golang/github.com/stretchr/testify@v1.9.0',
        '11 pkg:golang/golang.org/x/crypto@v0.28.0',
        '14 pkg:golang/golang.org/x/sys@v0.26.0',
        '16 pkg:golang/gopkg.in/yaml.v3@v3.0.1',
      ]);
      assert.equal(pointedAt(file)[3], 'github.com/pkg/errors v0.9.1');
      assert.deepEqual(file.lockfile.packages.map((p) => p.dev), Array(8).fill(false));
    });

    it('reports a line that is not "module version hash" and reads the rest', () => {
      const { lockfile } = fixture('malformed-go', 'go.sum');
      assert.deepEqual(summary(lockfile), ['0 pkg:golang/github.com/pkg/errors@v0.9.1', '3 pkg:golang/golang.org/x/crypto@v0.28.0']);
      assert.deepEqual(lockfile.problems, [
        { message: 'Not a go.sum line: expected "module version hash".', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } } },
      ]);
    });
  });

  describe('on arbitrary input (property)', () => {
    const FRAGMENTS = [
      '{', '}', '[', ']', '"', ',', ':', '"packages"', '"dependencies"', '"node_modules/', '"version"', '"1.0.0"', '"dev": true',
      '[[package]]', 'name = ', 'version = ', '"""', '\n', '\r\n', '\\', '#', ' ', '==', '===', '[x]', ';', ' --hash=sha256:0',
      '-r ', 'h1:x=', '/go.mod', 'v1.0.0', 'a', '\u0000', '\uD800', '\uFEFF',
    ];
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join('')),
    );
    for (const name of ['package-lock.json', 'poetry.lock', 'requirements.txt', 'Cargo.lock', 'go.sum']) {
      it(`${name}: never throws and keeps every range inside the text`, () => {
        fc.assert(
          fc.property(text, (input) => {
            const lines = new LineIndex(input);
            const lockfile = read(name, input);
            for (const range of [...lockfile.packages, ...lockfile.problems].map((entry) => entry.range)) {
              for (const { line, character } of [range.start, range.end]) {
                assert.ok(line >= 0 && line < lines.lineCount, `line ${line} is outside the text`);
                const end = line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : input.length;
                assert.ok(character >= 0 && lines.lineStart(line) + character <= end, `character ${character} is outside line ${line}`);
              }
            }
          }),
          { numRuns: fuzzRuns(200) },
        );
      }).timeout(fuzzRuns(200) * 50);
    }
  });
});
