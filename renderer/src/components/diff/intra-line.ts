/**
 * Word-level highlights inside a changed line pair (a deleted line and the added line that
 * replaces it): which characters of each side changed.
 */

/** Half-open character range `[start, end)`. */
export interface CharRange {
  start: number;
  end: number;
}

export interface IntraLineChanges {
  old: CharRange[];
  new: CharRange[];
}

/** Longer lines skip word diffing: the whole-line colour says enough and the table stays small. */
const MAX_TOKENS = 400;
/** Below this share of unchanged characters, the lines are rewrites and word marks are noise. */
const MIN_SHARED = 0.35;

/** Words (letters, digits, `_`), runs of whitespace, and every other character on its own. */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

/** Ranges of `text` covered by the tokens whose index is marked, joined when adjacent. */
function rangesOf(tokens: string[], changed: boolean[]): CharRange[] {
  const ranges: CharRange[] = [];
  let offset = 0;
  tokens.forEach((token, i) => {
    const end = offset + token.length;
    if (changed[i]) {
      const last = ranges[ranges.length - 1];
      if (last && last.end === offset) last.end = end;
      else ranges.push({ start: offset, end });
    }
    offset = end;
  });
  return ranges;
}

/** Two changes separated by one short whitespace token read as one change. */
function bridgeGaps(tokens: string[], changed: boolean[]): void {
  for (let i = 1; i < tokens.length - 1; i++) {
    if (!changed[i] && changed[i - 1] && changed[i + 1] && /^\s{1,2}$/.test(tokens[i]!)) changed[i] = true;
  }
}

/**
 * The changed characters of each side, from a longest common subsequence of their tokens;
 * null when the lines are too long to compare cheaply or too different for marks to help.
 */
export function intraLineChanges(oldText: string, newText: string): IntraLineChanges | null {
  if (oldText === newText) return { old: [], new: [] };
  const a = tokenize(oldText);
  const b = tokenize(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  if (midA.length > MAX_TOKENS || midB.length > MAX_TOKENS) return null;

  const keptA = lcsKeep(midA, midB);
  const changedA = a.map((_, i) => i >= prefix && i < a.length - suffix && !keptA.a[i - prefix]);
  const changedB = b.map((_, i) => i >= prefix && i < b.length - suffix && !keptA.b[i - prefix]);

  const shared = a.reduce((n, token, i) => (changedA[i] ? n : n + token.length), 0);
  const longest = Math.max(oldText.length, newText.length);
  if (longest > 0 && shared / longest < MIN_SHARED) return null;

  bridgeGaps(a, changedA);
  bridgeGaps(b, changedB);
  return { old: rangesOf(a, changedA), new: rangesOf(b, changedB) };
}

/** Marks which tokens of each side belong to a longest common subsequence (dynamic programming). */
function lcsKeep(a: string[], b: string[]): { a: boolean[]; b: boolean[] } {
  const n = a.length;
  const m = b.length;
  const table = new Uint16Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = a[i] === b[j] ? table[at(i + 1, j + 1)]! + 1 : Math.max(table[at(i + 1, j)]!, table[at(i, j + 1)]!);
    }
  }
  const keepA = new Array<boolean>(n).fill(false);
  const keepB = new Array<boolean>(m).fill(false);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      keepA[i++] = true;
      keepB[j++] = true;
    } else if (table[at(i + 1, j)]! >= table[at(i, j + 1)]!) {
      i++;
    } else {
      j++;
    }
  }
  return { a: keepA, b: keepB };
}
