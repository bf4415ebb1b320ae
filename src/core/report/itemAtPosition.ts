import type { FileContributions, Position } from '../model';

/**
 * The item the cursor is in when it is not on an ID: a code annotation on the cursor's line, else the
 * innermost Markdown section that contains the cursor (the matrix panel follows the editor with it).
 */
export function itemAtPosition(file: Pick<FileContributions, 'items' | 'links'>, position: Position): string | undefined {
  const annotation = file.links.find((link) => link.from === undefined && link.location.range.start.line === position.line);
  if (annotation) {
    return annotation.to;
  }
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  let best: { id: string; start: Position } | undefined;
  for (const item of file.items) {
    const { start, end } = item.sectionRange;
    const inside = before(start, position) && (position.line < end.line || (position.line === end.line && position.character < end.character));
    if (inside && (!best || before(best.start, start))) {
      best = { id: item.id, start };
    }
  }
  return best?.id;
}
