import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { ANY_CHAR, ID_SEPARATORS, charSetOf, intersect, type CharSet } from './charSet';

/*
 * Why this check is enough to keep a workspace's ID pattern from hanging the matcher.
 *
 * A backtracking engine (V8's Irregexp) is slow exactly when its automaton is ambiguous (Weideman, van der
 * Merwe, Berglund and Watson, "Analyzing matching time behavior of backtracking regular expression
 * matchers by using ambiguity of NFA", 2016): exponential when a state can return to itself along two
 * different paths reading the same text (EDA: `(a+)+`, `(a|a)*`, `(a*)*`, a repeated group whose iterations
 * can be cut more than one way), polynomial of degree k when k loops can hand the same text from one to the
 * next (IDA: `\d+\d+`). We build the position automaton of the pattern, keeping parallel edges, so that
 * the two ways through `(a+)+` stay two edges instead of being merged, and look for both: EDA in the
 * product of the automaton with itself, IDA in the triple product. The automaton is built behind a prefix
 * "any text, then a character that is not part of an ID": the scan tries every start the matcher's
 * lookbehind allows, so a loop over separators (`.+-x` on a line of dots) is quadratic across attempts
 * and shows up as IDA against that prefix. Without either, matching is linear in the line.
 *
 * The approximations all err towards rejecting: Unicode property escapes and `.` count as any character,
 * the separator set is a superset, counted repeats above {@link EXACT_REPEAT_LIMIT} count as unbounded.
 * Anchors, lookarounds, backreferences and named groups are rejected outright: the matcher adds the
 * whole-word anchors itself, and the rest would take the pattern outside what the automaton describes.
 */

/** Counted repeats up to this are expanded exactly; above it the check treats them as unbounded. */
const EXACT_REPEAT_LIMIT = 8;
/** More atoms than this (repeats expanded) and the pattern is refused rather than analysed slowly. */
const MAX_POSITIONS = 40;

/** Why `source` cannot be used as an ID pattern, as a sentence that says how to write it; undefined when it can. */
export function idPatternProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    return `The pattern is not a valid regular expression: ${(error as Error).message}.`;
  }
  const pattern = new RegExpParser().parsePattern(source, 0, source.length, { unicode: true });
  const unsupported = unsupportedConstruct(pattern);
  if (unsupported) {
    return unsupported;
  }
  let automaton: Automaton;
  try {
    automaton = new Automaton(pattern);
  } catch (error) {
    if (error instanceof MatchesNothing) {
      return `The pattern must not contain ${quote(error.atom)}: it matches no character. Remove it or list the characters it should match.`;
    }
    if (error instanceof TooComplex) {
      return `The pattern is too long to check for slow matching (more than ${MAX_POSITIONS} characters and classes, counting repeats); ID patterns are short, such as "SR-\\\\d+".`;
    }
    throw error;
  }
  if (automaton.nullable) {
    return 'The pattern matches the empty string; it must match at least one character of every ID, such as "SR-\\\\d+".';
  }
  return slowMatchProblem(automaton);
}

function unsupportedConstruct(node: AST.Node): string | undefined {
  switch (node.type) {
    case 'Assertion':
      return node.kind === 'lookahead' || node.kind === 'lookbehind'
        ? `The pattern must not contain the lookaround ${quote(node)}: IDs are matched as whole words already. Remove it.`
        : `The pattern must not contain the anchor ${quote(node)}: IDs are matched as whole words, so anchors are added implicitly. Remove it, e.g. "SR-\\\\d+" rather than "^SR-\\\\d+$".`;
    case 'Backreference':
      return `The pattern must not contain the backreference ${quote(node)}; write out the text it repeats instead.`;
    case 'CapturingGroup':
      if (node.name !== null) {
        return `The pattern must not contain the named group ${quote(node)}; use a non-capturing group "(?:…)" instead.`;
      }
      break;
    case 'Group':
      if (node.modifiers) {
        return `The pattern must not contain the modifier group ${quote(node)}; list both cases in a class instead, e.g. "[Ss][Rr]".`;
      }
      break;
  }
  const children: AST.Node[] =
    'alternatives' in node ? node.alternatives : node.type === 'Alternative' ? node.elements : node.type === 'Quantifier' ? [node.element] : [];
  for (const child of children) {
    const problem = unsupportedConstruct(child);
    if (problem) {
      return problem;
    }
  }
  return undefined;
}

class TooComplex extends Error {}

class MatchesNothing extends Error {
  constructor(readonly atom: AST.Node) {
    super();
  }
}

/** A part of the automaton: its entry and exit positions (with repeats, for parallel edges) and whether it can be skipped. */
interface Fragment {
  readonly first: readonly number[];
  readonly last: readonly number[];
  readonly nullable: boolean;
}

const EMPTY: Fragment = { first: [], last: [], nullable: true };

/** The position (Glushkov) automaton of a pattern behind the scan's prefix; state 0 is the start. */
class Automaton {
  /** What each state reads on the way in; the atom it stands for, undefined for the start and the prefix. */
  readonly chars: CharSet[] = [[]];
  readonly atoms: (AST.Node | undefined)[] = [undefined];
  /** Outgoing edges by state; an edge listed twice is two distinct paths. */
  readonly next: number[][] = [[]];
  /** The state of the prefix's "any text" loop. */
  readonly anyText: number;
  readonly nullable: boolean;

  constructor(pattern: AST.Pattern) {
    // The prefix: nothing, or any text and then a separator.
    this.anyText = this.#position(ANY_CHAR, undefined);
    const separator = this.#position(ID_SEPARATORS, undefined);
    this.#link([0, this.anyText], [this.anyText, separator]);
    const body = this.#choice(pattern.alternatives);
    this.#link([0, separator], body.first);
    this.nullable = body.nullable;
  }

  #position(chars: CharSet, atom: AST.Node | undefined): number {
    if (this.chars.length > MAX_POSITIONS) {
      throw new TooComplex();
    }
    this.chars.push(chars);
    this.atoms.push(atom);
    this.next.push([]);
    return this.chars.length - 1;
  }

  #link(from: readonly number[], to: readonly number[]): void {
    for (const state of from) {
      this.next[state]!.push(...to);
    }
  }

  #choice(alternatives: readonly AST.Alternative[]): Fragment {
    const parts = alternatives.map((alternative) => alternative.elements.reduce((sequence, element) => this.#then(sequence, this.#element(element)), EMPTY));
    return { first: parts.flatMap((p) => p.first), last: parts.flatMap((p) => p.last), nullable: parts.some((p) => p.nullable) };
  }

  #then(a: Fragment, b: Fragment): Fragment {
    this.#link(a.last, b.first);
    return {
      first: a.nullable ? [...a.first, ...b.first] : a.first,
      last: b.nullable ? [...b.last, ...a.last] : b.last,
      nullable: a.nullable && b.nullable,
    };
  }

  #element(element: AST.Element | AST.QuantifiableElement): Fragment {
    switch (element.type) {
      case 'Character':
      case 'CharacterClass':
      case 'CharacterSet': {
        const chars = charSetOf(element);
        if (chars.length === 0) {
          throw new MatchesNothing(element);
        }
        const state = this.#position(chars, element);
        return { first: [state], last: [state], nullable: false };
      }
      case 'Group':
      case 'CapturingGroup':
        return this.#choice(element.alternatives);
      case 'Quantifier':
        return this.#repeat(element);
      default:
        // Assertions and backreferences were refused before the automaton is built.
        throw new Error(`unexpected ${element.type} in an ID pattern`);
    }
  }

  /** `x{m,n}` as m copies of x, then either a loop or nested optional copies `(x(x)?)?`, which stay unambiguous. */
  #repeat(quantifier: AST.Quantifier): Fragment {
    const unbounded = quantifier.max > EXACT_REPEAT_LIMIT;
    const required = Math.min(quantifier.min, EXACT_REPEAT_LIMIT);
    let result = EMPTY;
    for (let i = 0; i < required; i++) {
      result = this.#then(result, this.#element(quantifier.element));
    }
    if (unbounded) {
      const loop = this.#element(quantifier.element);
      this.#link(loop.last, loop.first);
      return this.#then(result, { ...loop, nullable: true });
    }
    return this.#then(result, this.#optionalCopies(quantifier.element, quantifier.max - required));
  }

  #optionalCopies(element: AST.QuantifiableElement, count: number): Fragment {
    if (count === 0) {
      return EMPTY;
    }
    const head = this.#element(element);
    return { ...this.#then(head, this.#optionalCopies(element, count - 1)), nullable: true };
  }
}

/** The first super-linear shape found, as a sentence; undefined when matching is linear. */
function slowMatchProblem(automaton: Automaton): string | undefined {
  const looping = automaton.chars.map((_, state) => reachable(automaton, state, state));
  const exponential = looping.findIndex((loops, state) => loops && twoWaysAround(automaton, state));
  if (exponential >= 0) {
    return `The pattern can take exponential time on some lines: ${quote(outermostRepeat(automaton.atoms[exponential]!))} can match the same text in more than one way (a repeated part that repeats itself or has overlapping alternatives). Let each character be matched one way only, e.g. "REQ-[A-Z]+(?:-[A-Z]+)*-?\\\\d{3}" rather than "REQ-([A-Z]+-?)+\\\\d{3}".`;
  }
  for (let p = 1; p < looping.length; p++) {
    for (let q = 2; q < looping.length; q++) {
      if (p !== q && looping[p] && looping[q] && reachable(automaton, p, q) && loopsHandOver(automaton, p, q)) {
        const later = quote(outermostRepeat(automaton.atoms[q]!));
        return p === automaton.anyText
          ? `The pattern can take quadratic time on long lines: ${later} can repeat characters that separate IDs (anything but ASCII letters, digits, "_" and "-"; character properties count as anything), so the match restarts after each of them. Repeat only ID characters, e.g. "[A-Z0-9]+" rather than ".+".`
          : `The pattern can take quadratic time on some lines: ${quote(outermostRepeat(automaton.atoms[p]!))} and ${later} can match the same characters one after the other, so every split between them is tried. Make adjacent repeats match different characters, e.g. "\\\\d{2,}" rather than "\\\\d+\\\\d+".`;
      }
    }
  }
  return undefined;
}

function reachable(automaton: Automaton, from: number, to: number): boolean {
  const seen = new Set<number>();
  const stack = [...automaton.next[from]!];
  for (let state = stack.pop(); state !== undefined; state = stack.pop()) {
    if (state === to) {
      return true;
    }
    if (!seen.has(state)) {
      seen.add(state);
      stack.push(...automaton.next[state]!);
    }
  }
  return false;
}

/**
 * EDA at `state`: two different paths from `state` back to itself read the same text. In the product
 * automaton that is a way from (state, state) back to it through a pair of different states or through two
 * parallel edges taken side by side.
 */
function twoWaysAround(automaton: Automaton, state: number): boolean {
  const start = [state, state, 0] as const; // [a, b, diverged]
  const key = ([a, b, d]: readonly number[]) => `${a},${b},${d}`;
  const seen = new Set([key(start)]);
  const queue: (readonly number[])[] = [start];
  for (let pair = queue.shift(); pair; pair = queue.shift()) {
    const [a, b, diverged] = pair as [number, number, number];
    automaton.next[a]!.forEach((nextA, i) =>
      automaton.next[b]!.forEach((nextB, j) => {
        if (intersect(automaton.chars[nextA]!, automaton.chars[nextB]!).length === 0) {
          return;
        }
        const nowDiverged = diverged || nextA !== nextB || (a === b && i !== j) ? 1 : 0;
        const step = [nextA, nextB, nowDiverged] as const;
        if (!seen.has(key(step))) {
          seen.add(key(step));
          queue.push(step);
        }
      }),
    );
    if (seen.has(key([state, state, 1]))) {
      return true;
    }
  }
  return false;
}

/** IDA between loops `p` and `q`: one text leads p to p, p to q and q to q, walked side by side in the triple product. */
function loopsHandOver(automaton: Automaton, p: number, q: number): boolean {
  const goal = `${p},${q},${q}`;
  const seen = new Set([`${p},${p},${q}`]);
  const queue: (readonly [number, number, number])[] = [[p, p, q]];
  for (let triple = queue.shift(); triple; triple = queue.shift()) {
    for (const a of automaton.next[triple[0]]!) {
      for (const b of automaton.next[triple[1]]!) {
        const both = intersect(automaton.chars[a]!, automaton.chars[b]!);
        for (const c of both.length === 0 ? [] : automaton.next[triple[2]]!) {
          const key = `${a},${b},${c}`;
          if (!seen.has(key) && intersect(both, automaton.chars[c]!).length > 0) {
            if (key === goal) {
              return true;
            }
            seen.add(key);
            queue.push([a, b, c]);
          }
        }
      }
    }
  }
  return false;
}

/** The outermost repeat (`x+`, `(…)*`, `x{2,}`) around an atom: the part of the pattern a person rewrites. */
function outermostRepeat(atom: AST.Node): AST.Node {
  let found = atom;
  for (let node: AST.Node | null = atom; node; node = node.parent) {
    if (node.type === 'Quantifier' && node.max > 1) {
      found = node;
    }
  }
  return found;
}

/** Part of the pattern as the user wrote it in the JSON string, backslashes doubled. */
function quote(node: AST.Node): string {
  return JSON.stringify(node.raw);
}
