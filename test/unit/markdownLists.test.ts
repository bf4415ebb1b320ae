import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, IdMatcher, extractFile, type FileContributions } from '../../src/core';
import { ParsedSectionCache } from '../../src/core/extract/markdownBlocks';

const matcher = new IdMatcher(DEFAULT_CONFIG.kinds);

function extract(text: string, parsedSections?: ParsedSectionCache): FileContributions {
  return extractFile('docs/doc.md', text, { matcher, isTest: false, parsedSections });
}

describe('Markdown long lists', () => {
  // remark's time grew with the square of a list's items (6 to 8 s for 4,000); the benchmark measures
  // markdown-it's, these check what is read.
  const LONG_LISTS = {
    'items holding a nested list': '- a\n  - SR-1\n',
    'items that open a nested list on their line': '- - SR-1\n',
    'loose items holding a nested list': '- a\n\n  - SR-1\n\n',
  };
  for (const [shape, item] of Object.entries(LONG_LISTS)) {
    it(`reads every item of a 4,000-item list of ${shape}`, () => {
      const result = extract(`# SR-1: Dose limit\n\n${item.repeat(4000)}`);
      assert.deepEqual(result.items.map((i) => i.id), ['SR-1']);
      assert.equal(result.references.length, 4000);
    });
  }

  it('reads a long list the same when an edit re-parses the section it is in', () => {
    const text = `# SR-1: Dose limit\n\n${LONG_LISTS['items holding a nested list'].repeat(1000)}`;
    const sections = new ParsedSectionCache();
    extract(text, sections);
    assert.deepEqual(extract(`${text}- SR-2\n`, sections), extract(`${text}- SR-2\n`));
  });
});
