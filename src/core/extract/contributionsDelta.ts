import type { FileContributions, Link } from '../model';

/**
 * An edit changes a few of a document's entries, and moves the ones below it by the lines it added or
 * removed. A worker that extracted the document sends its next extraction as what changed against the last
 * one it sent ({@link SentContributions.deltaTo}); the host rebuilds it from the contributions it holds
 * ({@link applyContributionsDelta}), keeping the very objects of the entries that did not change, so that
 * the graph re-indexes only the others.
 */
const ENTRY_LISTS = ['items', 'links', 'references', 'problems', 'testCases', 'packages'] as const;
type EntryList = (typeof ENTRY_LISTS)[number];
type Entries = Readonly<Partial<Record<EntryList, readonly unknown[]>>>;

/**
 * How one list of entries changed: its first `kept` entries and its last `shifted` entries are the earlier
 * ones (the latter `lines` lines further down), and `inserted` (JSON) holds what lies between them.
 */
export interface ListDelta {
  readonly kept: number;
  readonly shifted: number;
  readonly lines: number;
  readonly inserted: string;
}

/** A file's contributions as the changes to each list of the earlier ones; a list absent here is absent from the file's. */
export interface ContributionsDelta {
  readonly path: string;
  readonly lists: Readonly<Partial<Record<EntryList, ListDelta>>>;
}

/** The contributions a worker sent last for a file, with each entry's JSON, to compare the next extraction against. */
export class SentContributions {
  private constructor(
    readonly contributions: FileContributions,
    readonly entryJson: Readonly<Partial<Record<EntryList, readonly string[]>>>,
  ) {}

  static of(contributions: FileContributions): SentContributions {
    return new SentContributions(contributions, jsonOfLists(contributions));
  }

  /** The delta from these contributions to `next`, and `next` as sent. */
  deltaTo(next: FileContributions): { readonly delta: ContributionsDelta; readonly sent: SentContributions } {
    const nextJson = jsonOfLists(next);
    const lists: Partial<Record<EntryList, ListDelta>> = {};
    for (const name of ENTRY_LISTS) {
      const after = (next as Entries)[name];
      if (after !== undefined) {
        lists[name] = listDelta((this.contributions as Entries)[name] ?? [], this.entryJson[name] ?? [], after, nextJson[name]!);
      }
    }
    return { delta: { path: next.path, lists }, sent: new SentContributions(next, nextJson) };
  }
}

/**
 * The contributions a delta describes, from the `previous` ones it was computed against: entries that did not
 * change are the same objects. When nothing changed, `previous` itself.
 */
export function applyContributionsDelta(previous: FileContributions, delta: ContributionsDelta): FileContributions {
  if (isEmptyDelta(previous, delta)) {
    return previous;
  }
  const result: Record<string, unknown> = { path: delta.path };
  for (const name of ENTRY_LISTS) {
    const change = delta.lists[name];
    if (change === undefined) {
      continue;
    }
    const before = (previous as Entries)[name] ?? [];
    const inserted = JSON.parse(change.inserted) as unknown[];
    if (name === 'links') {
      restoreLinkSources(inserted as Link[]);
    }
    const shifted = before.slice(before.length - change.shifted).map((entry) => (change.lines === 0 ? entry : shiftLines(entry, change.lines)));
    result[name] = [...before.slice(0, change.kept), ...inserted, ...shifted];
  }
  return result as unknown as FileContributions;
}

/** Contributions read from JSON, with what JSON drops put back: a code link's `from: undefined`. */
export function parseContributions(json: string): FileContributions {
  const contributions = JSON.parse(json) as FileContributions;
  restoreLinkSources(contributions.links);
  return contributions;
}

function restoreLinkSources(links: readonly Link[]): void {
  for (const link of links) {
    if (!('from' in link)) {
      (link as { from: string | undefined }).from = undefined;
    }
  }
}

function isEmptyDelta(previous: FileContributions, delta: ContributionsDelta): boolean {
  return ENTRY_LISTS.every((name) => {
    const change = delta.lists[name];
    const before = (previous as Entries)[name];
    return change === undefined ? before === undefined : before !== undefined && change.kept === before.length && change.shifted === 0 && change.inserted === '[]';
  });
}

function listDelta(before: readonly unknown[], beforeJson: readonly string[], after: readonly unknown[], afterJson: readonly string[]): ListDelta {
  let kept = 0;
  while (kept < before.length && kept < after.length && beforeJson[kept] === afterJson[kept]) {
    kept++;
  }
  // Entries below the edit moved by the lines it added or removed: the last entries say by how many.
  const room = Math.min(before.length, after.length) - kept;
  const lines = room > 0 ? (firstLine(after[after.length - 1]) ?? 0) - (firstLine(before[before.length - 1]) ?? 0) : 0;
  let shifted = 0;
  while (shifted < room) {
    const was = beforeJson[before.length - 1 - shifted]!;
    const moved = lines === 0 ? was : JSON.stringify(shiftLines(before[before.length - 1 - shifted], lines));
    if (moved !== afterJson[after.length - 1 - shifted]) {
      break;
    }
    shifted++;
  }
  return { kept, shifted, lines: shifted === 0 ? 0 : lines, inserted: `[${afterJson.slice(kept, after.length - shifted).join(',')}]` };
}

function jsonOfLists(contributions: FileContributions): Partial<Record<EntryList, string[]>> {
  const json: Partial<Record<EntryList, string[]>> = {};
  for (const name of ENTRY_LISTS) {
    const entries = (contributions as Entries)[name];
    if (entries !== undefined) {
      json[name] = entries.map((entry) => JSON.stringify(entry));
    }
  }
  return json;
}

/**
 * An entry with every position in it (`{ line, character }`) `lines` lines further down: a copy of what holds
 * a position, the very objects (attributes, a test's names) of what does not.
 */
function shiftLines(value: unknown, lines: number): unknown {
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if (isPosition(value)) {
    return { ...value, line: value.line + lines };
  }
  if (Array.isArray(value)) {
    const shifted = value.map((element: unknown) => shiftLines(element, lines));
    return shifted.every((element, index) => element === value[index]) ? value : shifted;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    const shifted = shiftLines(field, lines);
    if (shifted !== field) {
      copy ??= { ...value };
      copy[key] = shifted;
    }
  }
  return copy ?? value;
}

/** The line of the first position in an entry, or undefined when it has none. */
function firstLine(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  if (isPosition(value)) {
    return value.line;
  }
  for (const field of Object.values(value)) {
    const line = firstLine(field);
    if (line !== undefined) {
      return line;
    }
  }
  return undefined;
}

function isPosition(value: object): value is { line: number; character: number } {
  return typeof (value as { line?: unknown }).line === 'number' && typeof (value as { character?: unknown }).character === 'number';
}
