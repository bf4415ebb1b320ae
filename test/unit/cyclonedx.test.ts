import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LineIndex, type FileContributions, type Position, type Range } from '../../src/core';
import { readCycloneDx } from '../../src/core/extract/cyclonedx';
import { fuzzRuns } from './fuzz';
import { joinLines } from './util';

const fixtures = path.resolve(__dirname, '../fixtures/cyclonedx');
const FIXTURES = ['cdxgen-npm-1.4.json', 'syft-1.5.json', 'device-1.6.json', 'dependency-track-vex.json', 'malformed.json', 'syft-spdx-2.3.json', 'wrong-typed.json'];

/** A hand-written fixture in one producer's default shape (test/fixtures/cyclonedx/), its text and what it reads as. */
function fixture(name: string): { text: string; file: FileContributions } {
  const text = readFileSync(path.join(fixtures, name), 'utf8');
  return { text, file: readCycloneDx(`sbom/${name}`, text) };
}

/** Where the `occurrence`-th `needle` starts in `text`, plus `skip` characters. */
function positionOf(text: string, needle: string, skip = 0, occurrence = 0): Position {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.notEqual(offset, -1, `${needle} is in the text`);
  }
  return new LineIndex(text).positionAt(offset + skip);
}

/** The text a range covers. */
function textOf(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.lineStart(range.start.line) + range.start.character, lines.lineStart(range.end.line) + range.end.character);
}

const item = (file: FileContributions, id: string, n = 0) => file.items.filter((entry) => entry.id === id)[n]!;
const links = (file: FileContributions) => file.links.map((link) => `${link.type} ${link.from} -> ${link.to}`);

describe('CycloneDX reader', () => {
  it('reads cdxgen 1.4 output written on one line: bom-refs with a literal @ beside percent-encoded purls, empty groups left out', () => {
    const { text, file } = fixture('cdxgen-npm-1.4.json');
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.items.map((entry) => `${entry.kind} ${entry.id} | ${entry.title}`), [
      'component pkg:npm/pump-ui@2.3.0 | pump-ui 2.3.0',
      'component pkg:npm/%40babel/code-frame@7.18.6 | code-frame 7.18.6',
      'component pkg:npm/ms@2.0.0 | ms 2.0.0',
      'component pkg:npm/spdx-expression-parse@3.0.1 | spdx-expression-parse 3.0.1',
      'component pkg:npm/debug@2.6.9 | debug 2.6.9',
    ]);
    const codeFrame = item(file, 'pkg:npm/%40babel/code-frame@7.18.6');
    assert.deepEqual(codeFrame.attributes, {
      name: 'code-frame',
      version: '7.18.6',
      purl: 'pkg:npm/%40babel/code-frame@7.18.6',
      group: '@babel',
      type: 'library',
      'bom-ref': 'pkg:npm/@babel/code-frame@7.18.6',
      licenses: 'MIT',
      srcfile: '/home/ci/pump-ui/package-lock.json',
      resolvedurl: 'https://registry.npmjs.org/@babel/code-frame/-/code-frame-7.18.6.tgz',
    });
    assert.equal(item(file, 'pkg:npm/ms@2.0.0').attributes['group'], undefined, 'cdxgen writes "group": "" for unscoped packages');
    assert.equal(item(file, 'pkg:npm/spdx-expression-parse@3.0.1').attributes['licenses'], '(MIT AND CC-BY-3.0)');
    // The ID is where the bom-ref's text is; the section is the whole component object.
    assert.deepEqual(codeFrame.location, { path: 'sbom/cdxgen-npm-1.4.json', range: { start: positionOf(text, '"bom-ref":"pkg:npm/@babel', 11), end: positionOf(text, '","properties"', 0, 0) } });
    assert.equal(textOf(text, codeFrame.sectionRange), JSON.stringify((JSON.parse(text) as { components: unknown[] }).components[0]));
    assert.deepEqual(links(file), [
      'depends pkg:npm/pump-ui@2.3.0 -> pkg:npm/%40babel/code-frame@7.18.6',
      'depends pkg:npm/pump-ui@2.3.0 -> pkg:npm/debug@2.6.9',
      'depends pkg:npm/pump-ui@2.3.0 -> pkg:npm/spdx-expression-parse@3.0.1',
      'depends pkg:npm/debug@2.6.9 -> pkg:npm/ms@2.0.0',
    ]);
    assert.equal(textOf(text, file.links[3]!.location.range), 'pkg:npm/ms@2.0.0');
    assert.ok(file.links.every((link) => !link.inTest && link.location.path === 'sbom/cdxgen-npm-1.4.json'));
  });

  it('reads syft 1.5 output: Go\'s \\u0026 escapes decoded in IDs and links, every syft: property under its lower-cased name', () => {
    const { text, file } = fixture('syft-1.5.json');
    const libssl = 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2';
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.items.map((entry) => entry.id), ['8c4d3b6f1e2a7d95', libssl, 'pkg:pypi/pyserial@3.5', 'os:debian@12']);
    const ssl = item(file, libssl);
    assert.equal(textOf(text, ssl.location.range), 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64\\u0026distro=debian-12\\u0026package-id=9d4f5a0c2e3b1f7a');
    assert.equal(ssl.location.range.start.line, 27);
    assert.deepEqual([ssl.sectionRange.start, ssl.sectionRange.end], [{ line: 26, character: 4 }, { line: 75, character: 5 }]);
    assert.equal(ssl.attributes['syft:package:foundby'], 'dpkg-db-cataloger');
    assert.equal(ssl.attributes['syft:location:0:path'], '/var/lib/dpkg/status');
    assert.equal(ssl.attributes['purl'], 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12');
    assert.equal(ssl.attributes['syft:cpe23'], 'cpe:2.3:a:libssl3:libssl3:3.0.11-1\\~deb12u2:*:*:*:*:*:*:*');
    assert.equal(item(file, 'pkg:pypi/pyserial@3.5').attributes['licenses'], 'BSD');
    assert.deepEqual(item(file, '8c4d3b6f1e2a7d95').attributes['type'], 'container');
    assert.equal(item(file, 'os:debian@12').attributes['syft:distro:versioncodename'], 'bookworm');
    // The file's own references name bom-refs: they link to the items those bom-refs name.
    assert.deepEqual(links(file), [`depends pkg:pypi/pyserial@3.5 -> ${libssl}`]);
  });

  it('reads a 1.6 SBOM: nested components after their parent, metadata.component, IDs from the purl or name@version without a bom-ref', () => {
    const { text, file } = fixture('device-1.6.json');
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.items.map((entry) => `${entry.kind} ${entry.id}`), [
      'component pump-controller-firmware@4.2.0',
      'component pump-controller-firmware@4.2.0|bootloader@1.3.1',
      'component pkg:github/FreeRTOS/FreeRTOS-Kernel@V10.4.3',
      'component pkg:generic/dcmtk@3.6.7',
      'component pkg:generic/openssl@3.0.13',
      'component pkg:generic/zlib@1.2.11',
      'component nRF52840 SoftDevice@S140 7.2.0',
      'component pump-ui@2.3.0',
      'component pkg:github/lvgl/lvgl@v8.3.11',
      'vulnerability CVE-2022-37434',
    ]);
    // The product the SBOM describes says so; its nested parts and the components do not.
    assert.deepEqual(item(file, 'pump-controller-firmware@4.2.0').attributes, {
      name: 'pump-controller-firmware', version: '4.2.0', type: 'firmware', 'bom-ref': 'pump-controller-firmware@4.2.0', supplier: 'Acme Medical Devices', 'metadata component': 'true',
    });
    assert.deepEqual(file.items.filter((entry) => entry.attributes['metadata component']).length, 1);
    // Without a bom-ref, the item is found at the first line of its object.
    const zlib = item(file, 'pkg:generic/zlib@1.2.11');
    assert.deepEqual(zlib.location.range, { start: { line: 153, character: 4 }, end: { line: 153, character: 5 } });
    assert.equal(textOf(text, zlib.sectionRange).split('\n').at(-1), '    }');
    assert.equal(item(file, 'nRF52840 SoftDevice@S140 7.2.0').title, 'nRF52840 SoftDevice S140 7.2.0');
    assert.deepEqual(item(file, 'pkg:generic/openssl@3.0.13').attributes, {
      name: 'openssl',
      version: '3.0.13',
      purl: 'pkg:generic/openssl@3.0.13',
      type: 'library',
      'bom-ref': 'pkg:generic/openssl@3.0.13',
      supplier: 'OpenSSL Software Foundation',
      licenses: 'Apache-2.0',
      'level of support': 'Actively maintained',
      'cdx:lifecycle:milestone:endofsupport': '2026-09-07',
      'acme:review': '2025-11-03 security board, 2026-02-02 security board',
    });
    assert.equal(item(file, 'pkg:generic/dcmtk@3.6.7').attributes['licenses'], 'BSD-3-Clause, OFFIS DCMTK license');
    assert.deepEqual(textOf(text, item(file, 'pkg:github/lvgl/lvgl@v8.3.11').location.range), 'pump-ui@2.3.0|lvgl@8.3.11');
    assert.deepEqual(links(file), [
      'depends pump-controller-firmware@4.2.0 -> pkg:github/FreeRTOS/FreeRTOS-Kernel@V10.4.3',
      'depends pump-controller-firmware@4.2.0 -> pkg:generic/dcmtk@3.6.7',
      'depends pump-controller-firmware@4.2.0 -> pkg:generic/openssl@3.0.13',
      'depends pump-controller-firmware@4.2.0 -> pump-ui@2.3.0',
      'depends pkg:generic/openssl@3.0.13 -> pkg:generic/zlib@1.2.11',
      'depends pump-ui@2.3.0 -> pkg:github/lvgl/lvgl@v8.3.11',
      'affects CVE-2022-37434 -> pkg:generic/zlib@1.2.11',
    ]);
    assert.deepEqual(item(file, 'CVE-2022-37434').attributes, {
      source: 'NVD',
      severity: 'critical',
      cwe: 'CWE-787',
      published: '2022-08-05T07:15:07Z',
      updated: '2023-07-19T00:56:46Z',
      state: 'resolved',
      response: 'update',
      detail: 'Fixed by updating zlib to 1.2.13 in firmware 4.2.1.',
      'first issued': '2026-01-12T09:00:00Z',
      'last updated': '2026-02-09T16:30:00Z',
    });
  });

  it('reads a Dependency-Track VEX: analysis, the highest severity, CWEs, BOM-Link affects, and no item for the product it is about', () => {
    const { text, file } = fixture('dependency-track-vex.json');
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.items.map((entry) => `${entry.kind} ${entry.id} | ${entry.title}`), [
      'vulnerability CVE-2023-0286 | There is a type confusion vulnerability relating to X.400 address processing',
      'vulnerability GHSA-h755-8qp9-cq85 | GHSA-h755-8qp9-cq85',
      // Dependency-Track repeats a vulnerability once per analysis: both are kept, as written.
      'vulnerability CVE-2023-44487 | HTTP/2 rapid reset',
      'vulnerability CVE-2023-44487 | HTTP/2 rapid reset',
    ]);
    const cve = item(file, 'CVE-2023-0286');
    assert.deepEqual(cve.attributes, {
      source: 'NVD',
      severity: 'high',
      cwe: 'CWE-843',
      published: '2023-02-08T20:15:23Z',
      updated: '2024-02-04T09:15:09Z',
      state: 'not_affected',
      justification: 'code_not_reachable',
      response: 'will_not_fix, update',
      detail: 'The gateway never enables CRL checking, the only path to the vulnerable code.',
    });
    assert.deepEqual(cve.location.range, { start: positionOf(text, '"id" : "CVE-2023-0286"', 8), end: positionOf(text, '"id" : "CVE-2023-0286"', 21) });
    assert.deepEqual([cve.sectionRange.start, cve.sectionRange.end], [{ line: 19, character: 24 }, { line: 56, character: 3 }]);
    assert.deepEqual([item(file, 'CVE-2023-44487', 0).attributes['state'], item(file, 'CVE-2023-44487', 1).attributes['state']], ['in_triage', 'exploitable']);
    assert.equal(item(file, 'GHSA-h755-8qp9-cq85').attributes['severity'], 'critical');
    assert.deepEqual(links(file), [
      'affects CVE-2023-0286 -> pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&package-id=9d4f5a0c2e3b1f7a',
      'affects GHSA-h755-8qp9-cq85 -> 3f9c2a7e-5b1d-4c8e-9a6f-2d4b7e1c8a90',
      'affects CVE-2023-44487 -> 3f9c2a7e-5b1d-4c8e-9a6f-2d4b7e1c8a90',
      'affects CVE-2023-44487 -> 3f9c2a7e-5b1d-4c8e-9a6f-2d4b7e1c8a90',
    ]);
    assert.ok(textOf(text, file.links[0]!.location.range).startsWith('urn:cdx:1f0d6c3e-8a4b-4b0e-9d2c-5e7f3a9b1c44/1#pkg:deb/'));
  });

  it('names a component by its purl without qualifiers, and keeps its bom-ref, which a VEX in another file names', () => {
    const sbom = fixture('syft-1.5.json').file;
    const vex = fixture('dependency-track-vex.json').file;
    // The BOM-Link fragment is the bom-ref syft gave the component; the item is named by its purl.
    const libssl = sbom.items.find((entry) => entry.attributes['bom-ref'] === vex.links[0]!.to)!;
    assert.equal(libssl.id, 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2');
  });

  it('reads the metadata.component of a document that has both components and vulnerabilities', () => {
    const text = JSON.stringify({
      bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { component: { 'bom-ref': 'app', name: 'app', version: '1' } },
      components: [{ 'bom-ref': 'lib', name: 'lib', version: '2' }], vulnerabilities: [{ id: 'CVE-2024-1', affects: [{ ref: 'lib' }] }],
    });
    assert.deepEqual(readCycloneDx('vdr.json', text).items.map((entry) => entry.id), ['app', 'lib', 'CVE-2024-1']);
  });

  it('gives one problem, at the parser\'s position, for malformed JSON, and nothing else', () => {
    assert.deepEqual(fixture('malformed.json').file, {
      path: 'sbom/malformed.json',
      items: [],
      links: [],
      references: [],
      problems: [{ message: 'Not readable as JSON: comma expected', range: { start: { line: 13, character: 4 }, end: { line: 13, character: 5 } } }],
    });
    const cases: [text: string, message: string, start: Position][] = [
      ['{"bomFormat": "CycloneDX", "components": [],}', 'property name expected', { line: 0, character: 44 }],
      [joinLines('{', '  // written by hand', '  "bomFormat": "CycloneDX"', '}'), 'invalid comment token', { line: 1, character: 2 }],
      ['{"bomFormat": "CycloneDX", "components": [{"name": "ms"', 'close brace expected', { line: 0, character: 55 }],
      ['', 'value expected', { line: 0, character: 0 }],
      ["{'bomFormat': 'CycloneDX'}", 'invalid symbol', { line: 0, character: 1 }],
      ['{"bomFormat": "CycloneDX"} {}', 'end of file expected', { line: 0, character: 27 }],
      ['{"bomFormat": "CycloneDX", "version": NaN}', 'invalid symbol', { line: 0, character: 38 }],
      ['\uFEFF{"bomFormat" "CycloneDX"}', 'colon expected', { line: 0, character: 14 }],
    ];
    for (const [text, message, start] of cases) {
      const file = readCycloneDx('bom.json', text);
      assert.deepEqual([file.items, file.links], [[], []]);
      assert.deepEqual(file.problems.map((problem) => [problem.message, problem.range.start]), [[`Not readable as JSON: ${message}`, start]], text);
    }
  });

  it('gives nothing for JSON that is not CycloneDX: an SPDX document, an array, a package.json, another bomFormat', () => {
    const texts = [
      fixture('syft-spdx-2.3.json').text,
      '[{"bomFormat": "CycloneDX", "components": [{"bom-ref": "a", "name": "a"}]}]',
      '{"name": "pump-ui", "version": "2.3.0", "dependencies": {"ms": "2.0.0"}}',
      '{"components": [{"bom-ref": "a", "name": "a"}], "vulnerabilities": "none", "bomFormat": "SPDX"}',
      '"CycloneDX"',
    ];
    for (const text of texts) {
      assert.deepEqual(readCycloneDx('a.json', text), { path: 'a.json', items: [], links: [], references: [], problems: [] }, text);
    }
  });

  it('skips a field of the wrong type with a problem there, and reads the rest of the file', () => {
    const { text, file } = fixture('wrong-typed.json');
    assert.deepEqual(file.problems.map((problem) => [problem.message, textOf(text, problem.range).split('\n')[0]]), [
      ['"version" should be a string, but it is a number: JSP Trace skipped it.', '1.0'],
      ['"components" should be an array, but it is an object: JSP Trace skipped it.', '{'],
      ['"dependsOn" should be an array, but it is a string: JSP Trace skipped it.', '"pkg:npm/left-pad@1.3.0"'],
      ['"analysis" should be an object, but it is a string: JSP Trace skipped it.', '"not_affected"'],
    ]);
    assert.deepEqual(file.problems[1]!.range.start, { line: 18, character: 16 });
    assert.deepEqual(file.items.map((entry) => `${entry.id} | ${entry.title}`), ['infusion-app@1.0.0 | infusion-app', 'CVE-2024-29041 | CVE-2024-29041']);
    assert.equal(item(file, 'infusion-app@1.0.0').attributes['level of support'], 'Actively maintained');
    assert.deepEqual(links(file), ['depends infusion-app@1.0.0 -> pkg:npm/express@4.18.2', 'affects CVE-2024-29041 -> infusion-app@1.0.0']);
  });

  it('reports components and vulnerabilities without anything to name them by, and reads null as absent', () => {
    const text = joinLines(
      '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [',
      '  {"type": "library", "group": null, "description": "no name"},',
      '  {"name": "ok", "version": null, "properties": [{"name": "Level of Support"}, {"value": "orphan"}]}',
      '], "vulnerabilities": [{"analysis": {"state": "exploitable"}}, {"id": "CVE-2024-2", "ratings": [{"severity": "low"}, {"severity": "moderate"}, {"severity": "info"}]}]}',
    );
    const file = readCycloneDx('bom.json', text);
    assert.deepEqual(file.problems.map((problem) => [problem.message, problem.range.start]), [
      ['This component has no "bom-ref", "purl" or "name" to name it by: JSP Trace skipped it.', positionOf(text, '{"type": "library"')],
      ['This vulnerability has no "id" (its CVE or other identifier) to trace it by: JSP Trace skipped it.', positionOf(text, '{"analysis"')],
    ]);
    assert.deepEqual(file.items.map((entry) => [entry.id, entry.title, entry.attributes]), [
      ['ok', 'ok', { name: 'ok', 'level of support': '' }],
      ['CVE-2024-2', 'CVE-2024-2', { severity: 'moderate' }],
    ]);
  });

  it('keeps both items of a duplicated bom-ref, for the graph to report', () => {
    const text = '{"bomFormat":"CycloneDX","components":[{"bom-ref":"a","name":"x","version":"1"},{"bom-ref":"a","name":"y","version":"2"}]}';
    const file = readCycloneDx('bom.json', text);
    assert.deepEqual(file.items.map((entry) => [entry.id, entry.title, entry.location.range.start]), [
      ['a', 'x 1', positionOf(text, '"bom-ref":"a"', 11, 0)],
      ['a', 'y 2', positionOf(text, '"bom-ref":"a"', 11, 1)],
    ]);
  });

  it('reads a file with a byte order mark and CRLF line ends, and keeps a BOM-Link without a fragment as written', () => {
    const text = `\uFEFF${joinLines(
      '{',
      '  "bomFormat": "CycloneDX",',
      '  "components": [{"bom-ref": "a", "name": "a"}],',
      '  "vulnerabilities": [{"id": "CVE-2024-3", "affects": [{"ref": "urn:cdx:1f0d6c3e-8a4b-4b0e-9d2c-5e7f3a9b1c44/1"}, {"ref": "urn:cdx:x/1#a#b"}]}]',
      '}',
    ).replace(/\n/g, '\r\n')}`;
    const file = readCycloneDx('bom.json', text);
    assert.deepEqual(file.problems, []);
    assert.deepEqual(item(file, 'a').location.range, { start: { line: 2, character: 30 }, end: { line: 2, character: 31 } });
    assert.deepEqual(links(file), ['affects CVE-2024-3 -> urn:cdx:1f0d6c3e-8a4b-4b0e-9d2c-5e7f3a9b1c44/1', 'affects CVE-2024-3 -> a#b']);
  });

  it('reads a generated SBOM of 50,000 components, 30 MB pretty-printed, whole', function () {
    // Generating and checking the text takes longer than reading it; the time is not what this test checks.
    this.timeout(30_000);
    const count = 50_000;
    const ref = (i: number) => `pkg:npm/%40acme/module-${i}@1.${i % 13}.${i % 7}`;
    const components = Array.from({ length: count }, (_, i) => ({
      type: 'library', 'bom-ref': ref(i), name: `module-${i}`, version: `1.${i % 13}.${i % 7}`, purl: ref(i),
      licenses: [{ license: { id: i % 2 ? 'MIT' : 'Apache-2.0' } }],
      properties: [{ name: 'Level of Support', value: 'Actively maintained' }, { name: 'End of Support', value: `20${30 + (i % 9)}-12-31` }],
    }));
    const dependencies = components.map((_, i) => ({ ref: ref(i), dependsOn: [ref((i + 1) % count), ref((i * 7) % count)] }));
    const text = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components, dependencies }, null, 1);
    assert.ok(text.length > 30e6);
    const file = readCycloneDx('big.cdx.json', text);
    assert.deepEqual([file.items.length, file.links.length, file.problems.length], [count, 2 * count, 0]);
    const last = file.items[count - 1]!;
    assert.deepEqual([last.id, last.title, last.attributes['end of support'], last.attributes['licenses']], [ref(count - 1), 'module-49999 1.1.5', '2034-12-31', 'MIT']);
    assert.equal(textOf(text, last.location.range), ref(count - 1));
    assert.deepEqual(last.location.range.start, positionOf(text, `"bom-ref": "${ref(count - 1)}"`, 12));
    assert.equal(file.links[2 * count - 1]!.to, ref(((count - 1) * 7) % count));
  });

  it('calls a text malformed exactly when JSON.parse rejects it, a leading byte order mark aside', () => {
    const malformed = (text: string) => readCycloneDx('bom.json', text).problems.some((problem) => problem.message.startsWith('Not readable as JSON'));
    const parses = (text: string) => {
      try {
        // The reader takes a byte order mark at the start as editors do; JSON.parse rejects it.
        JSON.parse(text.replace(/^\uFEFF/, ''));
        return true;
      } catch {
        return false;
      }
    };
    const tokens = fc.constantFrom(
      '{', '}', '[', ']', ',', ':', '"', '\\', '\\u', '00e9', '\\ud800', '\ud800', '0', '01', '-', '.', 'e', '+', ' ', '\n', '\r', '\t',
      'true', 'fals', 'null', 'x', '\u0001', '\u000b', '\u00a0', '\uFEFF', '/', '//', '/*', '"k":',
    );
    const texts = fc.oneof(
      fc.json(),
      fc.array(tokens, { maxLength: 14 }).map((parts) => parts.join('')),
      fc.tuple(fc.json(), fc.nat(), fc.nat(2), tokens).map(([text, at, cut, token]) => text.slice(0, at % (text.length + 1)) + token + text.slice((at % (text.length + 1)) + cut)),
    );
    const withOrWithoutMark = fc.tuple(fc.constantFrom('', '', '\uFEFF'), texts).map(([mark, text]) => mark + text);
    fc.assert(fc.property(withOrWithoutMark, (text) => malformed(text) === !parses(text)), { numRuns: fuzzRuns(2000) });
  }).timeout(fuzzRuns(2000) * 5);

  it('never throws on JSON nested deeper than the parser follows, which JSON.parse reads: one problem, at the start', () => {
    const depth = 100_000;
    const text = `{"bomFormat": "CycloneDX", "x": ${'['.repeat(depth)}${']'.repeat(depth)}, "components": [{"name": "a"}]}`;
    assert.doesNotThrow(() => JSON.parse(text));
    const file = readCycloneDx('bom.json', text);
    assert.deepEqual([file.items, file.links], [[], []]);
    assert.deepEqual(file.problems.map((problem) => [problem.message.split(':')[0], problem.range]), [['Not readable as CycloneDX', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }]]);
  });

  it('never throws on mangled SBOMs, keeps every range inside the text, and calls the text malformed exactly when JSON.parse does', () => {
    const texts = FIXTURES.map((name) => fixture(name).text);
    const noise = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '\\u00', 'null', '1e5', '-', ' ', '\n', '\uFEFF', '"components": ', '"bom-ref": ');
    const mangled = fc.tuple(fc.nat(texts.length - 1), fc.nat(), fc.nat(8), fc.array(noise, { maxLength: 3 })).map(([which, at, cut, inserted]) => {
      const text = texts[which]!;
      const i = at % (text.length + 1);
      return text.slice(0, i) + inserted.join('') + text.slice(i + cut);
    });
    fc.assert(
      fc.property(mangled, (text) => {
        const file = readCycloneDx('bom.json', text);
        const lines = new LineIndex(text);
        const ranges = [...file.items.flatMap((entry) => [entry.location.range, entry.sectionRange]), ...file.links.map((link) => link.location.range), ...file.problems.map((problem) => problem.range)];
        for (const { line, character } of ranges.flatMap((range) => [range.start, range.end])) {
          const lineLength = (line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : text.length) - lines.lineStart(line);
          assert.ok(line < lines.lineCount && character <= lineLength, `${line}:${character} is inside the text`);
        }
        let parses = true;
        try {
          JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch {
          parses = false;
        }
        assert.equal(file.problems.some((problem) => problem.message.startsWith('Not readable as JSON')), !parses);
      }),
      { numRuns: fuzzRuns(300) },
    );
  }).timeout(fuzzRuns(300) * 20);
});
