import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, hasJspEvidence, parseConfig, starterConfigText } from '../../src/core';
import { indexOf, joinLines } from './util';

describe('JSP evidence', () => {
  /** A compliance document citing NIST SP 800-53 controls, whose families collide with the default prefixes. */
  const nistDocument = joinLines(
    '# Encryption at rest',
    '## SC-28 Protection of Information at Rest',
    '### SC-28(1) Cryptographic Protection',
    '## RA-5 Vulnerability Monitoring and Scanning',
    '## SR-3 Supply Chain Controls and Processes',
    'Our scanner covers RA-5 and the storage layer meets SC-28.',
  );

  it('is absent from a folder whose headings merely start with IDs, however many items they define', () => {
    const index = indexOf({ 'docs/controls.md': nistDocument, 'src/store.c': '// see SC-28' });
    assert.ok([...index.graph.ids()].length > 0, 'the headings define items');
    assert.equal(hasJspEvidence(index), false);
  });

  it('is present once a link line names an ID of a configured kind', () => {
    const index = indexOf({ 'docs/controls.md': nistDocument, 'docs/reqs.md': joinLines('## SR-1: Encrypt records', 'Mitigates: TM-1') });
    assert.equal(hasJspEvidence(index), true);
  });

  it('is present once code carries a verb annotation, even for an undefined ID', () => {
    const index = indexOf({ 'src/store.c': '// @implements SR-4' });
    assert.equal(hasJspEvidence(index), true);
  });

  it('comes and goes with the last link, edit by edit', () => {
    const index = indexOf({ 'docs/controls.md': nistDocument });
    index.updateFile('docs/reqs.md', joinLines('## SR-1: Encrypt records', 'Derives from: SO-1'));
    assert.equal(hasJspEvidence(index), true);
    index.updateFile('docs/reqs.md', joinLines('## SR-1: Encrypt records', 'Derived from an audit.'));
    assert.equal(hasJspEvidence(index), false);
    index.updateFile('src/store.c', '// @verifies SR-1');
    index.removeFile('src/store.c');
    assert.equal(hasJspEvidence(index), false);
  });
});

describe('The starter configuration', () => {
  it('is valid and leaves every default in place', () => {
    const { config, errors } = parseConfig(starterConfigText());
    assert.deepEqual(errors, []);
    assert.deepEqual(config, DEFAULT_CONFIG);
  });

  it('shows each default kind, so that uncommenting the kinds block changes nothing', () => {
    const uncommented = starterConfigText().replace(/^ {2}\/\/ ( {2}"\w+": \{ "pattern"|"kinds": \{|\},?$)/gm, '  $1');
    const { config, errors } = parseConfig(uncommented);
    assert.deepEqual(errors, []);
    assert.match(uncommented, /^ {2}"kinds": \{$/m);
    assert.deepEqual(config.kinds, DEFAULT_CONFIG.kinds);
  });
});
