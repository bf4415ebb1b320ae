import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
const show = (n, d = 0) => { let s = '  '.repeat(d) + n.type + (n.position ? `[${n.position.start.offset},${n.position.end.offset}]` : '') + (n.value !== undefined ? ' ' + JSON.stringify(n.value) : '') + '\n'; for (const c of n.children ?? []) s += show(c, d + 1); return s; };
for (const t of process.argv.slice(2)) { const s = JSON.parse('"' + t + '"'); console.log('=== ' + JSON.stringify(s)); console.log(show(fromMarkdown(s, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] }))); }
