import { keepsConflictsApart } from '../../../shared/merge-rule';

/**
 * Line-based three-way merge (diff3), pure: the base→ours and base→theirs diffs (Myers) split the
 * files into stable regions (same in all three) and unstable ones; an unstable region changed on
 * one side only takes that side, changed identically on both takes it once, else it conflicts
 * and gets git's diff3-style markers.
 */
export interface TextMergeResult {
  text: string;
  conflicts: number;
}

export const MARKERS = { ours: '<<<<<<< ours', base: '||||||| base', sep: '=======', theirs: '>>>>>>> theirs' } as const;

// Beyond this many edits a diff is abandoned (its middle is treated as wholly changed), which
// bounds memory at about MAX_EDITS² integers on pathological inputs.
const MAX_EDITS = 2000;

export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** For each line of `a`, the index of the line of `b` it is matched with by a shortest edit script, or -1. */
export function matchLines(a: number[], b: number[]): Int32Array {
  const match = new Int32Array(a.length).fill(-1);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    match[start] = start;
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
    match[endA] = endB;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0) return match;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[start + x] === b[start + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break outer;
      }
    }
  }
  if (found < 0) return match;
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const saved = trace[d]!;
    const at = (k: number) => saved[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      match[start + x] = start + y;
    }
    x = prevX;
    y = prevY;
  }
  // d = 0: what is left is a diagonal from the start.
  while (x > 0 && y > 0) {
    x--;
    y--;
    match[start + x] = start + y;
  }
  return match;
}

function eolOf(lines: string[]): string {
  return lines.some((l) => l.endsWith('\r\n')) ? '\r\n' : '\n';
}

export function mergeText(base: string, ours: string, theirs: string): TextMergeResult {
  const o = splitLines(base);
  const a = splitLines(ours);
  const b = splitLines(theirs);
  const ids = new Map<string, number>();
  const toIds = (lines: string[]) => lines.map((l) => ids.get(l) ?? (ids.set(l, ids.size), ids.size - 1));
  const [oi, ai, bi] = [toIds(o), toIds(a), toIds(b)];
  const ma = matchLines(oi, ai);
  const mb = matchLines(oi, bi);
  const eol = eolOf(a);
  const out: string[] = [];
  let conflicts = 0;
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((l, i) => l === y[i]);
  const emitSide = (lines: string[]) => {
    out.push(...lines);
    const last = lines[lines.length - 1];
    if (last !== undefined && !last.endsWith('\n')) out.push(eol);
  };
  const unstable = (o0: number, o1: number, a0: number, a1: number, b0: number, b1: number) => {
    const [op, ap, bp] = [o.slice(o0, o1), a.slice(a0, a1), b.slice(b0, b1)];
    if (same(op, ap)) out.push(...bp);
    else if (same(op, bp) || same(ap, bp)) out.push(...ap);
    else if (op.length === 0) insertion(ap, bp);
    else conflict(op, ap, bp);
  };
  /** Both sides wrote new lines at the same place (above all, a file added on both sides). */
  const insertion = (ap: string[], bp: string[]) => {
    // With no base to show, only the lines the sides disagree on conflict, as git's default
    // conflict style refines them (see conflictRegions).
    let at = 0;
    for (const [a0, a1, b0, b1] of conflictRegions(matchLines(toIds(ap), toIds(bp)), ap, bp.length)) {
      out.push(...ap.slice(at, a0));
      conflict([], ap.slice(a0, a1), bp.slice(b0, b1));
      at = a1;
    }
    out.push(...ap.slice(at));
  };
  const conflict = (op: string[], ap: string[], bp: string[]) => {
    conflicts++;
    out.push(MARKERS.ours + eol);
    emitSide(ap);
    out.push(MARKERS.base + eol);
    emitSide(op);
    out.push(MARKERS.sep + eol);
    emitSide(bp);
    out.push(MARKERS.theirs + eol);
  };
  let [io, ia, ib] = [0, 0, 0];
  while (io < o.length || ia < a.length || ib < b.length) {
    let j = 0;
    while (io + j < o.length && ma[io + j] === ia + j && mb[io + j] === ib + j) j++;
    if (j > 0) {
      out.push(...o.slice(io, io + j));
      io += j;
      ia += j;
      ib += j;
      continue;
    }
    let l = io;
    while (l < o.length && (ma[l]! < 0 || mb[l]! < 0)) l++;
    if (l < o.length) {
      unstable(io, l, ia, ma[l]!, ib, mb[l]!);
      [io, ia, ib] = [l, ma[l]!, mb[l]!];
    } else {
      unstable(io, o.length, ia, a.length, ib, b.length);
      [io, ia, ib] = [o.length, a.length, b.length];
    }
  }
  return { text: out.join(''), conflicts };
}

/**
 * The regions [a0, a1, b0, b1) where two texts differ, given the match of `a`'s lines in `b`;
 * regions at most 3 lines apart, or apart by lines without a letter or digit (blank lines,
 * braces), are joined: git's "zealous alnum" refinement (xdiff/xmerge.c), which keeps a conflict
 * from being chopped into pieces that only make sense together.
 */
export function conflictRegions(match: Int32Array, a: string[], bLength: number): [number, number, number, number][] {
  const regions: [number, number, number, number][] = [];
  let ia = 0;
  let ib = 0;
  while (ia < a.length || ib < bLength) {
    if (ia < a.length && match[ia] === ib) {
      ia++;
      ib++;
      continue;
    }
    let k = ia;
    while (k < a.length && match[k]! < 0) k++;
    const next = k < a.length ? match[k]! : bLength;
    const last = regions[regions.length - 1];
    if (last && !keepsConflictsApart(a.slice(last[1], ia))) {
      last[1] = k;
      last[3] = next;
    } else {
      regions.push([ia, k, ib, next]);
    }
    ia = k;
    ib = next;
  }
  return regions;
}

/** Git's rule: a NUL byte in the first 8000 bytes makes a file binary. */
export function isBinary(bytes: Uint8Array | null | undefined): boolean {
  if (!bytes) return false;
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}
