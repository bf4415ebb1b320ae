import type { Location } from '../model';
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

/** Every place an ID is written: definitions, links to and from it, and plain mentions. */
export function occurrences(graph: TraceGraph, id: string): Location[] {
  return [
    ...graph.definitions(id).map((item) => item.location),
    ...graph.incoming(id).map((link) => link.location),
    ...graph.references(id).map((reference) => reference.location),
  ];
}
