import { fromMarkdown } from 'mdast-util-from-markdown';
const cases = {
  nested: n => '- a\n  - SR-1\n'.repeat(n),
  dd: n => '- - SR-1\n'.repeat(n),
  loose: n => '- a\n\n  - SR-1\n\n'.repeat(n),
  flat: n => '- a\n'.repeat(n),
  innerNested: n => '- a\n' + '  - b\n    - c\n'.repeat(n),
  quoteList: n => '> a\n- - b\n'.repeat(n),
  quoteNest: n => '> - a\n>   - b\n'.repeat(n),
};
for (const [name, f] of Object.entries(cases)) {
  const r = [];
  for (const n of [1000, 2000, 4000]) { const t = f(n); const s = performance.now(); fromMarkdown(t); r.push(`${n}:${Math.round(performance.now() - s)}ms`); }
  console.log(name, r.join(' '));
}
