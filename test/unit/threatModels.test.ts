import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, IdMatcher, LineIndex, parseConfig, summarize, traceStatusLine, type FileContributions, type Range } from '../../src/core';
import { looksLikeThreatDragon, readThreatDragon } from '../../src/core/extract/threatDragon';
import { readOtm } from '../../src/core/extract/otm';
import { findingKeys, indexOf, joinLines } from './util';

const fixtures = path.resolve(__dirname, '../fixtures/threat-models');
const text = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const options = { matcher: new IdMatcher(DEFAULT_CONFIG.kinds), idPrefix: 'TM-' };

/** The text a range covers. */
function covered(source: string, range: Range): string {
  const lines = new LineIndex(source);
  return source.slice(lines.lineStart(range.start.line) + range.start.character, lines.lineStart(range.end.line) + range.end.character);
}

/** The 1-based line on which `needle` first stands. */
const lineOf = (source: string, needle: string) => new LineIndex(source).positionAt(source.indexOf(needle)).line + 1;
const itemOf = (file: FileContributions, id: string) => file.items.find((item) => item.id === id)!;

describe('Threat Dragon reader', () => {
  const source = text('infusion-gateway.json');
  const file = readThreatDragon('model/infusion-gateway.json', source, options)!;

  it('makes every threat on every diagram element a threat item: an ID at the start of its title wins, else the prefix and its number', () => {
    assert.deepEqual(
      file.items.map((item) => [item.id, item.title]),
      [
        ['TM-21', 'Flooding of the gateway API'],
        ['TM-7', 'Forged telemetry from a rogue pump'],
        ['TM-8', 'DNS poisoning of the hospital resolver'],
        ['TM-9', 'Replay of dose envelopes'],
        ['TM-10', 'Linkability of clinician sessions'],
      ],
    );
    assert.ok(file.items.every((item) => item.kind === 'threat'));
  });

  it('places an ID written in the title on the ID, and a numbered threat on its title, inside the JSON', () => {
    assert.equal(covered(source, itemOf(file, 'TM-21').location.range), 'TM-21');
    assert.equal(covered(source, itemOf(file, 'TM-7').location.range), '"Forged telemetry from a rogue pump"');
    assert.match(covered(source, itemOf(file, 'TM-7').sectionRange), /^\{[\s\S]*"number": 7[\s\S]*\}$/);
  });

  it('keeps the element (line breaks as spaces), the diagram, the methodology and the threat fields as attributes', () => {
    assert.deepEqual(itemOf(file, 'TM-21').attributes, {
      element: 'PumpLink gateway',
      diagram: 'Gateway to pumps',
      'threat model': 'Threat Dragon',
      type: 'Denial of service',
      severity: 'High',
      status: 'Open',
      mitigation: 'Rate limiting per client certificate.',
      description: "Unauthenticated requests exhaust the gateway's connection slots.",
      methodology: 'STRIDE',
    });
    assert.equal(itemOf(file, 'TM-8').attributes['out of scope'], 'true');
    assert.equal(itemOf(file, 'TM-10').attributes['methodology'], 'LINDDUN');
  });

  it('reports a threat with neither an ID in its title nor a number as threat-without-id, at its title', () => {
    assert.equal(file.problems.length, 1);
    const [problem] = file.problems;
    assert.equal(problem!.rule, 'threat-without-id');
    assert.match(problem!.item!, /^[0-9a-f-]{36}$/);
    assert.equal(covered(source, problem!.range), '"Session fixation after SSO login"');
    assert.match(problem!.message, /Threat "Session fixation after SSO login" on Dashboard of the diagram "Clinician dashboard" has no ID/);
  });

  it('gives nothing for JSON that is not a Threat Dragon v2 model, and one problem where a model is malformed', () => {
    assert.equal(readThreatDragon('package.json', '{"name": "app", "summary": "x", "diagrams": []}', options), undefined);
    assert.equal(looksLikeThreatDragon('[{"summary": "x", "detail": {"diagrams": []}}]'), false, 'a data array is never parsed as a model');
    const broken = text('malformed-model.json');
    const malformed = readThreatDragon('model/broken.json', broken, options)!;
    assert.deepEqual(malformed.items, []);
    assert.equal(malformed.problems.length, 1);
    assert.match(malformed.problems[0]!.message, /^Not readable as JSON: /);
    assert.equal(malformed.problems[0]!.range.start.line, new LineIndex(broken).positionAt(broken.length).line);
  });
});

describe('Threat models in the index', () => {
  const model = text('infusion-gateway.json');

  it('needs a traced mitigation for Open and Mitigated threats, and leaves out not applicable and out-of-scope ones', () => {
    const index = indexOf({ 'model/infusion-gateway.json': model, 'docs/reqs.md': joinLines('## SR-1: Rate limiting', 'Mitigates: TM-21') });
    assert.deepEqual(findingKeys(index).filter((key) => key.includes('threat')), [
      `threat-not-mitigated TM-7 model/infusion-gateway.json:${lineOf(model, '"title": "Forged telemetry')}`,
      `threat-not-mitigated TM-10 model/infusion-gateway.json:${lineOf(model, '"title": "Linkability')}`,
      `threat-without-id ${/"id": "([0-9a-f-]{36})",\s*"title": "Session fixation/.exec(model)![1]} model/infusion-gateway.json:${lineOf(model, '"title": "Session fixation')}`,
    ]);
    const forged = index.findings().find((finding) => finding.item === 'TM-7')!;
    assert.match(forged.message, /Threat Dragon marks it Mitigated, but the model's own mitigation text is not a trace\.$/);
    assert.equal(index.findings().find((finding) => finding.rule === 'threat-without-id')!.severity, 'warning');
    assert.deepEqual(summarize(index).threats, { total: 3, mitigated: 1, accepted: 0, notApplicable: 2 });
  });

  it('numbers threats with the configured prefix when it makes an ID of the threat pattern', () => {
    const { config, errors } = parseConfig('{ "kinds": { "threat": { "pattern": "THR-\\\\d+" } }, "threatIdPrefix": "THR-" }');
    assert.deepEqual(errors, []);
    const index = indexOf({ 'model/infusion-gateway.json': model }, config);
    assert.deepEqual([...index.graph.ids()].sort(), ['THR-10', 'THR-5', 'THR-7', 'THR-8', 'THR-9']);
    assert.equal(index.graph.item('THR-5')!.title, 'TM-21: Flooding of the gateway API', 'TM-21 is no threat ID under this pattern');
  });

  it('rejects a prefix the person wrote that cannot make a threat ID, where it is written', () => {
    const { errors } = parseConfig('{\n  "threatIdPrefix": "THREAT-"\n}');
    assert.deepEqual(
      errors.map((error) => [error.field, error.range.start.line, error.message]),
      [['threatIdPrefix', 1, '"threatIdPrefix" "THREAT-" followed by a threat\'s number (THREAT-21) does not match the threat pattern "TM-\\d+".']],
    );
  });

  it('reads no other JSON as a threat model: a package.json, a tsconfig with comments, an SBOM', () => {
    const index = indexOf({
      'app/package.json': '{ "name": "app", "version": "1.0.0" }',
      'app/tsconfig.json': '{\n  // strict\n  "compilerOptions": { "strict": true }\n}',
      'model/infusion-gateway.json': model,
    });
    assert.deepEqual(index.findings().filter((finding) => finding.location.path.startsWith('app/')), []);
  });

  it('reports a malformed model as unreadable and keeps the other models', () => {
    const index = indexOf({ 'model/broken.json': text('malformed-model.json'), 'model/infusion-gateway.json': model });
    assert.deepEqual(index.unreadableFiles().map((finding) => [finding.location.path, finding.severity]), [['model/broken.json', 'error']]);
    assert.ok(index.graph.item('TM-21'));
  });
});

describe('Open Threat Model reader', () => {
  const source = text('pump-otm.json');
  const file = readOtm('model/pump-otm.json', source, options)!;

  it('takes a threat ID from the threat id when it matches the pattern, else the prefix and its position', () => {
    assert.deepEqual(
      file.items.map((item) => [item.id, item.title]),
      [
        ['TM-30', 'Flooding of the gateway API'],
        ['TM-2', 'Credential stuffing against the clinician login'],
        ['TM-3', 'Phishing of vendor portal users'],
      ],
    );
    assert.equal(covered(source, itemOf(file, 'TM-30').location.range), '"TM-30"');
    assert.equal(covered(source, itemOf(file, 'TM-2').location.range), '"Credential stuffing against the clinician login"');
  });

  it('keeps where each threat occurs, its trust zones, categories, risk and mitigations as attributes', () => {
    assert.deepEqual(itemOf(file, 'TM-30').attributes, {
      'threat model': 'Open Threat Model',
      type: 'Denial of service',
      description: "Unauthenticated requests exhaust the gateway's worker pool.",
      element: 'Gateway API, Gateway API to PostgreSQL',
      'trust zone': 'Clinical VLAN',
      likelihood: '60',
      impact: '80',
      mitigation: 'Mutual TLS at the gateway, Rate limit per client certificate',
      status: 'EXPOSED',
    });
    assert.equal(itemOf(file, 'TM-3').attributes['status'], 'NotApplicable', 'every instance of it is NOT_APPLICABLE');
  });

  it('links a mitigation named by one of our IDs to the threat, unless it was rejected', () => {
    assert.deepEqual(file.links.map((link) => `${link.from} ${link.type} ${link.to} ${covered(source, link.location.range)}`), ['SC-2 mitigates TM-30 "SC-2"']);
    assert.deepEqual(file.references.map((reference) => reference.id), ['SC-2', 'SR-4']);
  });

  it('traces an OTM threat through a control defined in Markdown, and reports an undefined one', () => {
    const index = indexOf({ 'model/pump-otm.json': source, 'docs/controls.md': '## SC-2: Mutual TLS at the gateway' });
    assert.deepEqual(findingKeys(index), [
      `unknown-reference SR-4 model/pump-otm.json:${lineOf(source, '"mitigation": "SR-4"')}`,
      `threat-not-mitigated TM-2 model/pump-otm.json:${lineOf(source, '"name": "Credential stuffing')}`,
    ]);
  });
});

describe('Threat model items in the editor', () => {
  it('says in the lens why a threat needs no mitigation', () => {
    const index = indexOf({ 'model/infusion-gateway.json': text('infusion-gateway.json') });
    const lens = (id: string) => traceStatusLine(index.graph, index.graph.item(id)!);
    assert.equal(lens('TM-9'), 'not applicable: marked not applicable');
    assert.equal(lens('TM-8'), 'not applicable: on Hospital DNS, which is out of scope');
    assert.equal(lens('TM-21'), 'not mitigated');
  });
});
