import type { ItemKind, LinkType } from '../model';
import { linkTypeOfKey } from '../extract/linkKeys';

/** The kinds each link may point at: what completion offers after its key or verb. */
const TARGET_KINDS: Readonly<Record<LinkType, readonly ItemKind[]>> = {
  derives: ['objective', 'misuse'],
  mitigates: ['threat'],
  implements: ['requirement', 'control'],
  verifies: ['requirement'],
  accepts: ['threat'],
  affects: ['component'],
  resolves: ['vulnerability', 'component'],
  depends: ['component'],
  covers: ['specification'],
};

/** What to complete at the cursor: IDs of some kinds, or an annotation verb. */
export type CompletionContext =
  | { readonly type: 'ids'; readonly kinds: readonly ItemKind[]; readonly replaceStart: number }
  | { readonly type: 'verbs'; readonly replaceStart: number };

const ANNOTATION_LIST = /@(implements|verifies|mitigates)\b[ \t]*:?[ \t]*(?:[\w-]+[ \t]*(?:,|\band\b)[ \t]*)*([\w-]*)$/;
const KEY_LIST = /^[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|__)?([A-Za-z][A-Za-z ]*?)(?:(?:\*\*|__)[ \t]*:|[ \t]*:(?:\*\*|__)?)[ \t]*(?:[\w-]+[ \t]*,[ \t]*)*([\w-]*)$/;
const VERB_PREFIX = /@([a-z]*)$/;

/**
 * Decides what completion offers, from the text of the line before the cursor: IDs after an annotation
 * verb (code) or a link key (Markdown), annotation verbs after `@` in code.
 */
export function completionContext(linePrefix: string, isMarkdown: boolean): CompletionContext | undefined {
  const annotation = ANNOTATION_LIST.exec(linePrefix);
  if (annotation) {
    return { type: 'ids', kinds: TARGET_KINDS[annotation[1] as LinkType], replaceStart: linePrefix.length - annotation[2]!.length };
  }
  if (isMarkdown) {
    const key = KEY_LIST.exec(linePrefix);
    const linkType = key ? linkTypeOfKey(key[1]!) : undefined;
    if (key && linkType) {
      return { type: 'ids', kinds: TARGET_KINDS[linkType], replaceStart: linePrefix.length - key[2]!.length };
    }
    return undefined;
  }
  const verb = VERB_PREFIX.exec(linePrefix);
  return verb ? { type: 'verbs', replaceStart: linePrefix.length - verb[0].length } : undefined;
}

/** The annotation verbs with what each says, for completion. */
export const ANNOTATION_SNIPPETS: readonly { readonly verb: string; readonly description: string }[] = [
  { verb: 'implements', description: 'This code implements a security requirement or control.' },
  { verb: 'verifies', description: 'This test verifies a security requirement.' },
  { verb: 'mitigates', description: 'This code mitigates a threat.' },
];
