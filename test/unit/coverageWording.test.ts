import * as assert from 'node:assert/strict';
import { jspPhases, summarize } from '../../src/core';
import { COVERAGE_MEASURES, coverageFigures, ratioText } from '../../src/core/report/coverageWording';
import { plainStyles, textReport } from '../../src/cli/report';
import { coverageFigures as cardFigures } from '../../webview/coverage';
import { indexOf, joinLines } from './util';

/** Five threats: three mitigated, one accepted as residual risk, one open. */
const index = indexOf({
  'docs/threats.md': joinLines('## TM-1: Replay', '## TM-2: Tamper', '## TM-3: Spoof', '## TM-4: Leak', '## TM-5: Flood'),
  'docs/reqs.md': joinLines('## SR-1: Nonces', 'Mitigates: TM-1, TM-2, TM-3'),
  'docs/risks.md': joinLines('## RA-1: Leak accepted', 'Accepts: TM-4', 'Approved by: Dr. Lee', 'Date: 2024-01-01'),
});
const summary = summarize(index);

describe('Coverage wording', () => {
  it('counts a threat mitigated or accepted once, with one label', () => {
    const threats = coverageFigures(summary).find((figure) => figure.measure === 'mitigated')!;
    assert.deepEqual([threats.label, threats.done, threats.total, threats.percent], ['Threats mitigated or accepted', 4, 5, 80]);
    assert.equal(ratioText(4, 5), '4/5 (80%)');
    assert.equal(ratioText(0, 0), '0/0');
  });

  it('gives the matrix cards, the CLI and the phase view the same figures and words', () => {
    const cards = cardFigures(summary);
    for (const figure of coverageFigures(summary)) {
      const card = cards.find((c) => c.key === figure.measure)!;
      assert.deepEqual([card.label, card.done, card.total, card.percent], [figure.label, figure.done, figure.total, figure.percent]);
    }
    const report = textReport('example', summary, [], plainStyles, true);
    assert.match(report, /\n {11}threats mitigated or accepted 4\/5 \(80%\) · 3 mitigated, 1 accepted as residual risk\n/);
    assert.match(report, /\nCoverage {3}requirements derived 0\/1 \(0%\) · implemented 0\/1 \(0%\) · verified 0\/1 \(0%\)\n/);
    const threatModel = jspPhases(index).flatMap((phase) => phase.outputs).find((output) => output.name === 'Threat model')!;
    assert.deepEqual(threatModel.completeness, { done: 4, total: 5, meaning: COVERAGE_MEASURES.mitigated.meaning });
  });
});
