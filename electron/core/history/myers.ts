/**
 * The line matcher of git's xdiff (xdiffi.c / xprepare.c), ported so hunks come out as git prints
 * them: trim common ends, set aside lines with no match on the other side, then Myers'
 * divide-and-conquer with xdiff's cost limits (so huge, very different files stay fast).
 * Input: line ids (equal ids = equal lines). Output: `changed` flags per line, 1-based with a 0
 * sentinel at index 0 and n+1, as xdiff's `rchg` arrays.
 */

const SNAKE_CNT = 20;
const HEUR_MIN_COST = 256;
const MAX_COST_MIN = 256;
const K_HEUR = 4;
const MAX_EQLIMIT = 1024;
const SIMSCAN_WINDOW = 100;
const KPDIS_RUN = 4;
const LINE_MAX = 0x7fffffff;

export function bogosqrt(n: number): number {
  let i = 1;
  for (; n > 0; n = Math.floor(n / 4)) i *= 2;
  return i;
}

export interface MatchResult {
  changedA: Uint8Array;
  changedB: Uint8Array;
}

export function matchLines(a: Int32Array, b: Int32Array): MatchResult {
  const n1 = a.length;
  const n2 = b.length;
  const changedA = new Uint8Array(n1 + 2);
  const changedB = new Uint8Array(n2 + 2);
  let start = 0;
  while (start < n1 && start < n2 && a[start] === b[start]) start++;
  let end1 = n1 - 1;
  let end2 = n2 - 1;
  while (end1 >= start && end2 >= start && a[end1] === b[end2]) {
    end1--;
    end2--;
  }
  const keptA = keepLines(a, b, start, end1, changedA);
  const keptB = keepLines(b, a, start, end2, changedB);
  compareRecords(keptA, keptB, changedA, changedB);
  return { changedA, changedB };
}

interface Kept {
  ids: Int32Array;
  /** Original 0-based line index of each kept line. */
  index: Int32Array;
}

// xdl_cleanup_records: a line absent from the other file is changed for sure; a line with very
// many twins is set aside when it sits among such lines. Both shrink the Myers problem.
function keepLines(x: Int32Array, other: Int32Array, start: number, end: number, changed: Uint8Array): Kept {
  const count = new Map<number, number>();
  for (const id of other) count.set(id, (count.get(id) ?? 0) + 1);
  const limit = Math.min(bogosqrt(x.length), MAX_EQLIMIT);
  const len = Math.max(0, end - start + 1);
  const dis = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const nm = count.get(x[start + i]!) ?? 0;
    dis[i] = nm === 0 ? 0 : nm >= limit ? 2 : 1;
  }
  const ids: number[] = [];
  const index: number[] = [];
  for (let i = 0; i < len; i++) {
    if (dis[i] === 1 || (dis[i] === 2 && !cleanMultiMatch(dis, i, 0, len - 1))) {
      ids.push(x[start + i]!);
      index.push(start + i);
    } else changed[start + i + 1] = 1;
  }
  return { ids: Int32Array.from(ids), index: Int32Array.from(index) };
}

function cleanMultiMatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  if (i - s > SIMSCAN_WINDOW) s = i - SIMSCAN_WINDOW;
  if (e - i > SIMSCAN_WINDOW) e = i + SIMSCAN_WINDOW;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (let r = 1; i - r >= s; r++) {
    const d = dis[i - r];
    if (!d) rdis0++;
    else if (d === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (let r = 1; i + r <= e; r++) {
    const d = dis[i + r];
    if (!d) rdis1++;
    else if (d === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
}

interface Split {
  i1: number;
  i2: number;
  minLo: boolean;
  minHi: boolean;
}

// xdl_recs_cmp, with an explicit stack instead of recursion (deep on long, scattered diffs).
function compareRecords(A: Kept, B: Kept, changedA: Uint8Array, changedB: Uint8Array): void {
  const ha1 = A.ids;
  const ha2 = B.ids;
  const ndiags = ha1.length + ha2.length + 3;
  const offset = ha2.length + 1;
  const kvdf = new Int32Array(2 * ndiags + 2);
  const kvdb = new Int32Array(2 * ndiags + 2);
  const env = { mxcost: Math.max(bogosqrt(ndiags), MAX_COST_MIN) };
  const stack: Array<[number, number, number, number, boolean]> = [[0, ha1.length, 0, ha2.length, false]];
  while (stack.length > 0) {
    let [off1, lim1, off2, lim2, needMin] = stack.pop()!;
    while (off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]) {
      off1++;
      off2++;
    }
    while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]) {
      lim1--;
      lim2--;
    }
    if (off1 === lim1) {
      for (; off2 < lim2; off2++) changedB[B.index[off2]! + 1] = 1;
    } else if (off2 === lim2) {
      for (; off1 < lim1; off1++) changedA[A.index[off1]! + 1] = 1;
    } else {
      const spl = split(ha1, off1, lim1, ha2, off2, lim2, kvdf, kvdb, offset, needMin, env.mxcost);
      stack.push([spl.i1, lim1, spl.i2, lim2, spl.minHi]);
      stack.push([off1, spl.i1, off2, spl.i2, spl.minLo]);
    }
  }
}

// xdl_split: find the middle snake; past the cost limits, settle for a good-enough split point.
function split(
  ha1: Int32Array, off1: number, lim1: number, ha2: Int32Array, off2: number, lim2: number,
  kf: Int32Array, kb: Int32Array, o: number, needMin: boolean, mxcost: number,
): Split {
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
  kf[o + fmid] = off1;
  kb[o + bmid] = lim1;
  for (let ec = 1; ; ec++) {
    let gotSnake = false;
    if (fmin > dmin) kf[o + --fmin - 1] = -1;
    else ++fmin;
    if (fmax < dmax) kf[o + ++fmax + 1] = -1;
    else --fmax;
    for (let d = fmax; d >= fmin; d -= 2) {
      let i1 = kf[o + d - 1]! >= kf[o + d + 1]! ? kf[o + d - 1]! + 1 : kf[o + d + 1]!;
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]) {
        i1++;
        i2++;
      }
      if (i1 - prev1 > SNAKE_CNT) gotSnake = true;
      kf[o + d] = i1;
      if (odd && bmin <= d && d <= bmax && kb[o + d]! <= i1) return { i1, i2, minLo: true, minHi: true };
    }
    if (bmin > dmin) kb[o + --bmin - 1] = LINE_MAX;
    else ++bmin;
    if (bmax < dmax) kb[o + ++bmax + 1] = LINE_MAX;
    else --bmax;
    for (let d = bmax; d >= bmin; d -= 2) {
      let i1 = kb[o + d - 1]! < kb[o + d + 1]! ? kb[o + d - 1]! : kb[o + d + 1]! - 1;
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]) {
        i1--;
        i2--;
      }
      if (prev1 - i1 > SNAKE_CNT) gotSnake = true;
      kb[o + d] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= kf[o + d]!) return { i1, i2, minLo: true, minHi: true };
    }
    if (needMin) continue;
    if (gotSnake && ec > HEUR_MIN_COST) {
      let best = 0;
      let found: Split | null = null;
      for (let d = fmax; d >= fmin; d -= 2) {
        const dd = d > fmid ? d - fmid : fmid - d;
        const i1 = kf[o + d]!;
        const i2 = i1 - d;
        const v = i1 - off1 + (i2 - off2) - dd;
        if (v > K_HEUR * ec && v > best && off1 + SNAKE_CNT <= i1 && i1 < lim1 && off2 + SNAKE_CNT <= i2 && i2 < lim2) {
          for (let k = 1; ha1[i1 - k] === ha2[i2 - k]; k++) {
            if (k === SNAKE_CNT) {
              best = v;
              found = { i1, i2, minLo: true, minHi: false };
              break;
            }
          }
        }
      }
      if (found) return found;
      best = 0;
      for (let d = bmax; d >= bmin; d -= 2) {
        const dd = d > bmid ? d - bmid : bmid - d;
        const i1 = kb[o + d]!;
        const i2 = i1 - d;
        const v = lim1 - i1 + (lim2 - i2) - dd;
        if (v > K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - SNAKE_CNT && off2 < i2 && i2 <= lim2 - SNAKE_CNT) {
          for (let k = 0; ha1[i1 + k] === ha2[i2 + k]; k++) {
            if (k === SNAKE_CNT - 1) {
              best = v;
              found = { i1, i2, minLo: false, minHi: true };
              break;
            }
          }
        }
      }
      if (found) return found;
    }
    if (ec >= mxcost) return furthest(kf, kb, o, off1, lim1, off2, lim2, fmin, fmax, bmin, bmax);
  }
}

function furthest(
  kf: Int32Array, kb: Int32Array, o: number, off1: number, lim1: number, off2: number, lim2: number,
  fmin: number, fmax: number, bmin: number, bmax: number,
): Split {
  let fbest = -1, fbest1 = -1;
  for (let d = fmax; d >= fmin; d -= 2) {
    let i1 = Math.min(kf[o + d]!, lim1);
    let i2 = i1 - d;
    if (lim2 < i2) {
      i1 = lim2 + d;
      i2 = lim2;
    }
    if (fbest < i1 + i2) {
      fbest = i1 + i2;
      fbest1 = i1;
    }
  }
  let bbest = LINE_MAX, bbest1 = LINE_MAX;
  for (let d = bmax; d >= bmin; d -= 2) {
    let i1 = Math.max(off1, kb[o + d]!);
    let i2 = i1 - d;
    if (i2 < off2) {
      i1 = off2 + d;
      i2 = off2;
    }
    if (i1 + i2 < bbest) {
      bbest = i1 + i2;
      bbest1 = i1;
    }
  }
  if (lim1 + lim2 - bbest < fbest - (off1 + off2)) return { i1: fbest1, i2: fbest - fbest1, minLo: true, minHi: false };
  return { i1: bbest1, i2: bbest - bbest1, minLo: false, minHi: true };
}
