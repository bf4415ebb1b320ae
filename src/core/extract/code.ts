import type { FileContributions, Link, Range, Reference } from '../model';
import type { IdMatch } from '../config/ids';
import type { ExtractContext } from './context';
import { findComments, type CommentSpan, type CommentSyntax } from './comments';
import { TraceConventions, type AnnotationVerbMatch } from './linkKeys';
import { LineIndex } from '../util/text';
import { TestSites } from './testSites';

/** What may stand between the verb and the first ID, and between IDs of one annotation. */
const AFTER_VERB = /^[ \t]*:?[ \t]*$/;
const BETWEEN_IDS = /^[ \t]*(?:,|\band\b)?[ \t]*(?:,[ \t]*)?$/;

/**
 * Extracts annotations (`@implements SR-12`, `@verifies SR-12, SR-13`, `@mitigates TM-3`, and the verbs the
 * configuration adds) and plain references from the comments of a source file. Code never defines items.
 * In a test file, each `verifies` link carries the test its annotation stands on ({@link TestSites}).
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

  const conventions = context.conventions ?? TraceConventions.builtIn;
  const comments = findComments(text, syntax);
  // The tests are found only in a test file with an `@verifies`, once: other files never pay for it.
  let sites: TestSites | undefined;
  const testOf = (comment: CommentSpan) => (sites ??= new TestSites(text, syntax, comments)).siteOf(comment);

  for (const comment of comments) {
    const ids = [...context.matcher.matches(text, comment.start, comment.end)];
    if (ids.length === 0) {
      continue;
    }
    const annotated = new Map<IdMatch, AnnotationVerbMatch>();
    const commentText = text.slice(comment.start, comment.end);
    for (const verb of conventions.annotationVerbs(commentText)) {
      let previousEnd = comment.start + verb.index + verb.verb.length;
      let separator = AFTER_VERB;
      for (const id of ids) {
        if (id.offset < previousEnd) {
          continue;
        }
        if (!separator.test(text.slice(previousEnd, id.offset))) {
          break;
        }
        annotated.set(id, verb);
        previousEnd = id.offset + id.id.length;
        separator = BETWEEN_IDS;
      }
    }
    for (const id of ids) {
      const verb = annotated.get(id);
      const location = { path, range: rangeOf(id) };
      if (verb) {
        const type = verb.meaning === 'traces' ? (context.isTest ? 'verifies' : 'implements') : verb.meaning;
        const link: Link = { type, from: undefined, to: id.id, location, inTest: context.isTest, declaration: verb.declaration };
        links.push(context.isTest && type === 'verifies' ? { ...link, test: testOf(comment) } : link);
      } else {
        references.push({ id: id.id, location });
      }
    }
  }
  return contributions;
}
