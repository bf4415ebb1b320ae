import * as assert from 'node:assert/strict';
import { buildMatrix, exportMatrix, jspPhases, type TraceMatrix } from '../../src/core';
import { indexOf, joinLines } from './util';

const options = { title: 'pump', generated: '2025-01-01T00:00:00.000Z' };

/** The CSV lines of the requirements matrix of these files. */
function csvLinesOf(files: Record<string, string>, edit: (matrix: TraceMatrix) => TraceMatrix = (matrix) => matrix): string[] {
  const index = indexOf(files);
  return exportMatrix(edit(buildMatrix(index, 'requirements')), jspPhases(index), 'csv', options).trimEnd().split('\n');
}

describe('CSV export', () => {
  it('prefixes titles and attributes that a spreadsheet would run as formulas with a quote', () => {
    const lines = csvLinesOf({
      'docs/reqs.md': joinLines(
        '## SR-1: =HYPERLINK("http://evil.example","Click")',
        'Category: +cmd|calc',
        '## SR-2: -2+3',
        'Category: @SUM(A1)',
        '## SR-3: Plain = safe',
        'Category: Authentication',
      ),
    });
    assert.equal(lines[1], `SR-1,"'=HYPERLINK(""http://evil.example"",""Click"")",'+cmd|calc,docs/reqs.md:1,,,,,untraced,control-category-unknown; requirement-not-derived; requirement-not-implemented; requirement-not-verified`);
    assert.match(lines[2]!, /^SR-2,'-2\+3,'@SUM\(A1\),/);
    assert.match(lines[3]!, /^SR-3,Plain = safe,Authentication,/, 'a formula character after the first is left alone');
  });

  it('prefixes cells that start with a tab or a carriage return', () => {
    const lines = csvLinesOf({ 'docs/reqs.md': '## SR-1: Title' }, (matrix) => ({
      ...matrix,
      rows: matrix.rows.map((row) => ({ ...row, title: '\t=1+1', category: '\r=1+1' })),
    }));
    assert.equal(lines[1], `SR-1,'\t=1+1,"'\r=1+1",docs/reqs.md:1,,,,,untraced,requirement-not-derived; requirement-not-implemented; requirement-not-verified`);
  });
});
