import * as assert from 'node:assert/strict';
import { categoryFixes } from '../../src/core/editor/categoryFixes';
import type { Range } from '../../src/core';
import { indexOf, joinLines } from './util';

/** The fixes of SR-9 in a requirements document, each as its title and the document after it. */
function fixesOf(text: string): { title: string; after: string }[] {
  const item = indexOf({ 'docs/reqs.md': text }).graph.item('SR-9')!;
  return categoryFixes(text, item).map((fix) => ({ title: fix.title, after: applied(text, fix.range, fix.newText) }));
}

function applied(text: string, range: Range, newText: string): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number) => lines.slice(0, line).join('\n').length + (line > 0 ? 1 : 0) + character;
  return text.slice(0, offset(range.start.line, range.start.character)) + newText + text.slice(offset(range.end.line, range.end.character));
}

const section = (categoryLine: string) => joinLines('## SR-8: Encrypt PHI', '', '- Category: Privacy', '', '## SR-9: Keep PHI out of logs', '', '- Mitigates: TM-4', categoryLine, '', 'Prose about Privacy.');

describe('Category quick fixes', () => {
  it('changes an unknown category to its closest FDA names, the closest first, in that item\'s section only', () => {
    const fixes = fixesOf(section('- Category: Privacy'));
    assert.deepEqual(
      fixes.map((fix) => fix.title),
      ['Change to Confidentiality', 'Change to Code, Data and Execution Integrity'],
    );
    assert.equal(fixes[0]!.after, section('- Category: Confidentiality'));
  });

  it('keeps the other values of a list, emphasis and FDA names with commas of their own', () => {
    const text = section('- **Category:** Code, Data and Execution Integrity; *Privacy*, Authentication');
    assert.equal(fixesOf(text)[0]!.after, section('- **Category:** Code, Data and Execution Integrity; *Confidentiality*, Authentication'));
  });

  it('names the value when several are unknown, and fixes each', () => {
    const fixes = fixesOf(section('Category: Privacy, Loging'));
    assert.deepEqual(
      fixes.map((fix) => fix.title),
      [
        'Change "Privacy" to Confidentiality',
        'Change "Privacy" to Code, Data and Execution Integrity',
        'Change "Loging" to Event Detection and Logging',
        'Change "Loging" to Code, Data and Execution Integrity',
      ],
    );
    assert.equal(fixes[2]!.after, section('Category: Privacy, Event Detection and Logging'));
  });

  it('removes the value, with its comma, when its FDA name is already listed', () => {
    const fixes = fixesOf(section('Category: Cryptography, Crypto'));
    assert.equal(fixes[0]!.title, 'Remove "Crypto": Cryptography is already listed');
    assert.equal(fixes[0]!.after, section('Category: Cryptography'));
    assert.equal(fixesOf(section('Category: Crypto, Cryptography'))[0]!.after, section('Category: Cryptography'));
  });

  it('offers nothing when every category is known, or the line is not where the index saw it', () => {
    assert.deepEqual(fixesOf(section('Category: Confidentiality')), []);
    const item = indexOf({ 'docs/reqs.md': section('Category: Privacy') }).graph.item('SR-9')!;
    assert.deepEqual(categoryFixes(section('Category: Secrecy'), item), []);
  });
});
