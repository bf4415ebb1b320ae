import type { FileContributions, Location, Position, Range } from '../model';
import type { TraceGraph } from '../graph/graph';
import type { IdMatcher } from '../config/ids';

/** An ID written in a line of text, with its character span. */
export interface IdSpan {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/** The ID under a character position of a line, if any (the position may touch either end). */
export function idAt(matcher: IdMatcher, lineText: string, character: number): IdSpan | undefined {
  for (const match of matcher.matches(lineText)) {
    const end = match.offset + match.id.length;
    if (match.offset <= character && character <= end) {
      return { id: match.id, start: match.offset, end };
    }
  }
  return undefined;
}

/**
 * The ID a file's readers say is written at a position: for IDs that no configured pattern finds, such as
 * OpenFastTrace's (`dsn~x~1`, a coverage tag `[impl->dsn~x~n]`). A link's target comes before the item it
 * stands in: in a tag, the covered ID before the tag's own item.
 */
export function contributedIdAt(file: Pick<FileContributions, 'items' | 'links'>, position: Position): IdSpan | undefined {
  const on = ({ start, end }: Range) => start.line === position.line && end.line === position.line && start.character <= position.character && position.character <= end.character;
  const span = (id: string, { start, end }: Range): IdSpan => ({ id, start: start.character, end: end.character });
  const link = file.links.find((candidate) => on(candidate.location.range));
  if (link) {
    return span(link.to, link.location.range);
  }
  const item = file.items.find((candidate) => on(candidate.location.range));
  return item && span(item.id, item.location.range);
}

/** Every place an ID is written: definitions, links to and from it, and plain mentions. */
export function occurrences(graph: TraceGraph, id: string): Location[] {
  return [
    ...graph.definitions(id).map((item) => item.location),
    ...graph.incoming(id).map((link) => link.location),
    ...graph.references(id).map((reference) => reference.location),
  ];
}
