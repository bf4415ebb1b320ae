import type { AST } from '@eslint-community/regexpp';

/** A set of code points as sorted, disjoint, inclusive ranges: what one regex atom can consume. */
export type CharSet = readonly (readonly [number, number])[];

const MAX_CODE_POINT = 0x10ffff;

/** Every code point: also stands in for sets the check does not compute (Unicode properties), which errs on the safe side. */
export const ANY_CHAR: CharSet = [[0, MAX_CODE_POINT]];

const DIGIT: CharSet = [[0x30, 0x39]];
const WORD: CharSet = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const SPACE: CharSet = normalize([
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029],
  [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
]);

/**
 * A superset of the characters after which an ID may start: everything but ASCII letters, digits, `_` and
 * `-`. The real lookbehind also excludes non-ASCII letters and digits; a superset only makes the check stricter.
 */
export const ID_SEPARATORS: CharSet = complement(normalize([...WORD, [0x2d, 0x2d]]));

function normalize(ranges: readonly (readonly [number, number])[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) {
      last[1] = Math.max(last[1], hi);
    } else {
      merged.push([lo, hi]);
    }
  }
  return merged;
}

function complement(set: CharSet): CharSet {
  const result: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) {
      result.push([next, lo - 1]);
    }
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) {
    result.push([next, MAX_CODE_POINT]);
  }
  return result;
}

/** The code points in both sets. */
export function intersect(a: CharSet, b: CharSet): CharSet {
  const result: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) {
      result.push([lo, hi]);
    }
    if (a[i]![1] < b[j]![1]) {
      i++;
    } else {
      j++;
    }
  }
  return result;
}

/** The characters one atom of a case-sensitive Unicode-mode pattern can consume. */
export function charSetOf(atom: AST.Character | AST.CharacterSet | AST.CharacterClass | AST.CharacterClassRange): CharSet {
  switch (atom.type) {
    case 'Character':
      return [[atom.value, atom.value]];
    case 'CharacterClassRange':
      return [[atom.min.value, atom.max.value]];
    case 'CharacterClass': {
      if (atom.elements.some((element) => element.type === 'CharacterSet' && element.kind === 'property')) {
        return ANY_CHAR; // negated or not: a superset is the safe side
      }
      const union = normalize(atom.elements.flatMap((element) => charSetOf(element as AST.CharacterClassRange)));
      return atom.negate ? complement(union) : union;
    }
    case 'CharacterSet':
      return escapeSet(atom);
  }
}

function escapeSet(atom: AST.CharacterSet): CharSet {
  switch (atom.kind) {
    case 'any':
    case 'property':
      return ANY_CHAR;
    case 'digit':
      return atom.negate ? complement(DIGIT) : DIGIT;
    case 'word':
      return atom.negate ? complement(WORD) : WORD;
    case 'space':
      return atom.negate ? complement(SPACE) : SPACE;
  }
}
