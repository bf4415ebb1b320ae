import type { FileContributions, Link, Range, Reference } from '../model';
import type { IdMatch } from '../config/ids';
import type { ExtractContext } from './context';
import { findComments, type CommentSpan, type CommentSyntax } from './comments';
import { ANNOTATION_VERBS } from './linkKeys';
import { LineIndex } from '../util/text';
import { TestSites } from './testSites';

const ANNOTATION = /@(implements|verifies|mitigates)\b/g;
/** What may stand between the verb and the first ID, and between IDs of one annotation. */
const AFTER_VERB = /^[ \t]*:?[ \t]*$/;
const BETWEEN_IDS = /^[ \t]*(?:,|\band\b)?[ \t]*(?:,[ \t]*)?$/;

/**
 * Extracts annotations (`@implements SR-12`, `@verifies SR-12, SR-13`, `@mitigates TM-3`) and plain
 * references from the comments of a source file. Code never defines items. In a test file, each
 * `@verifies` link carries the test its annotation stands on ({@link TestSites}).
 */
export function extractCode(path: string, text: string, syntax: CommentSyntax, context: ExtractContext): FileContributions {
  const links: Link[] = [];
  const references: Reference[] = [];
  const contributions = { path, items: [], links, references, problems: [] };
  if (!context.matcher.containsId(text)) {
    return contributions;
  }
  const lines = new LineIndex(text);
  const rangeOf = (match: IdMatch): Range => ({
    start: lines.positionAt(match.offset),
    end: lines.positionAt(match.offset + match.id.length),
  });

  const comments = findComments(text, syntax);
  // The tests are found only in a test file with an `@verifies`, once: other files never pay for it.
  let sites: TestSites | undefined;
  const testOf = (comment: CommentSpan) => (sites ??= new TestSites(text, syntax, comments)).siteOf(comment);

  for (const comment of comments) {
    const ids = [...context.matcher.matches(text, comment.start, comment.end)];
    if (ids.length === 0) {
      continue;
    }
    const annotated = new Map<IdMatch, string>();
    ANNOTATION.lastIndex = 0;
    const commentText = text.slice(comment.start, comment.end);
    for (let verb = ANNOTATION.exec(commentText); verb !== null; verb = ANNOTATION.exec(commentText)) {
      let previousEnd = comment.start + verb.index + verb[0].length;
      let separator = AFTER_VERB;
      for (const id of ids) {
        if (id.offset < previousEnd) {
          continue;
        }
        if (!separator.test(text.slice(previousEnd, id.offset))) {
          break;
        }
        annotated.set(id, verb[1]!);
        previousEnd = id.offset + id.id.length;
        separator = BETWEEN_IDS;
      }
    }
    for (const id of ids) {
      const verb = annotated.get(id);
      const location = { path, range: rangeOf(id) };
      if (verb) {
        const link: Link = { type: ANNOTATION_VERBS.get(verb)!, from: undefined, to: id.id, location, inTest: context.isTest };
        links.push(context.isTest && link.type === 'verifies' ? { ...link, test: testOf(comment) } : link);
      } else {
        references.push({ id: id.id, location });
      }
    }
  }
  return contributions;
}
