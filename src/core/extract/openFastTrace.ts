/**
 * What OpenFastTrace reads in a file, added to what our own reader of that file found: specification items
 * in Markdown documents, coverage tags in code and the other text files its tag importer reads. Nothing needs
 * configuring: a document is read line by line only when a cheap test finds an OpenFastTrace ID at the start
 * of a line or a forward (`arch --> dsn : …`), and a file is searched for tags only when it holds `->`.
 */
import type { FileContributions } from '../model';
import { readOftMarkdown } from './oftMarkdown';
import { isOftTagFile, readOftTags } from './oftTags';

/** The Markdown files OpenFastTrace reads (`MarkdownImporterFactory`). */
const OFT_MARKDOWN = /\.(?:md|markdown)$/i;
/** A line that starts with an ID (`` `req~x~1` ``), or a forward: what every item of a document needs. */
const MARKDOWN_PREFILTER = /^`?[A-Za-z]+~|[A-Za-z][ \t\x0B\f]*-->[ \t\x0B\f]*[A-Za-z]/m;

export { isOftTagFile };

/** `contributions` with the items and coverage links OpenFastTrace's readers find in the same text. */
export function withOpenFastTrace(contributions: FileContributions, text: string, isTest: boolean): FileContributions {
  const path = contributions.path;
  const found = OFT_MARKDOWN.test(path)
    ? MARKDOWN_PREFILTER.test(text)
      ? readOftMarkdown(path, text, isTest)
      : undefined
    : isOftTagFile(path)
      ? readOftTags(path, text, isTest)
      : undefined;
  if (!found || (found.items.length === 0 && found.links.length === 0)) {
    return contributions;
  }
  return { ...contributions, items: [...contributions.items, ...found.items], links: [...contributions.links, ...found.links] };
}
