/** A row of the example README's "Deliberate gaps" table: a finding the example is built to produce. */
export interface DeliberateGap {
  readonly rule: string;
  readonly item: string;
  /** Workspace-relative path, forward slashes. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
}

/**
 * Reads the first table under the heading "Deliberate gaps" (any level) with the columns
 * Rule, Item, File, Line. Cells may use `code` spans or [links](...). Rows without a file or a
 * numeric line are skipped.
 */
export function deliberateGaps(markdown: string): DeliberateGap[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^#{1,6}\s+Deliberate gaps\s*#*\s*$/i.test(l));
  if (start < 0) throw new Error('no "Deliberate gaps" heading in the README');
  const level = /^(#+)/.exec(lines[start] ?? '')?.[1]?.length ?? 2;
  let header: string[] | undefined;
  const gaps: DeliberateGap[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const heading = /^(#+)\s/.exec(line);
    if (heading && (heading[1]?.length ?? 0) <= level) break;
    if (!line.startsWith('|')) {
      if (header && gaps.length > 0) break; // the table ended
      continue;
    }
    const cells = splitRow(line);
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      continue;
    }
    if (cells.every((c) => /^:?-{3,}:?$/.test(c))) continue;
    const col = (name: string) => cells[header?.indexOf(name) ?? -1] ?? '';
    const lineNo = Number.parseInt(col('line'), 10);
    const file = col('file').replace(/\\/g, '/').replace(/^\.\//, '');
    if (!file || !Number.isFinite(lineNo)) continue;
    gaps.push({ rule: col('rule'), item: col('item'), file, line: lineNo });
  }
  if (!header || !['rule', 'item', 'file', 'line'].every((h) => header?.includes(h))) {
    throw new Error(`the "Deliberate gaps" table needs the columns Rule, Item, File, Line; found: ${header?.join(', ') ?? 'no table'}`);
  }
  return gaps;
}

function splitRow(row: string): string[] {
  const inner = row.replace(/^\|/, '').replace(/\|\s*$/, '');
  return inner.split(/(?<!\\)\|/).map((c) =>
    c
      .trim()
      .replace(/\\\|/g, '|')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`([^`]*)`/g, '$1')
      .trim(),
  );
}
