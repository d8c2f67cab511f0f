/** One difference between two sequences: a[aStart, aEnd) was replaced by b[bStart, bEnd). */
export interface SeqChange {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * A shortest edit script between two sequences of ids (Myers' O(ND) algorithm with the
 * linear-space middle snake, so big files with many changes stay within memory). Pure.
 */
export function diffSequences(a: ArrayLike<number>, b: ArrayLike<number>): SeqChange[] {
  const changedA = new Uint8Array(a.length);
  const changedB = new Uint8Array(b.length);
  const stack: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (stack.length > 0) {
    let [aLo, aHi, bLo, bHi] = stack.pop()!;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      aLo++;
      bLo++;
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      aHi--;
      bHi--;
    }
    if (aLo === aHi || bLo === bHi) {
      changedA.fill(1, aLo, aHi);
      changedB.fill(1, bLo, bHi);
      continue;
    }
    const [x, y, u, v] = middleSnake(a, aLo, aHi, b, bLo, bHi);
    stack.push([aLo + u, aHi, bLo + v, bHi], [aLo, aLo + x, bLo, bLo + y]);
  }
  return collect(changedA, changedB);
}

/** The middle snake of the a[aLo,aHi) × b[bLo,bHi) edit graph, as (x, y) → (u, v) relative to the box. */
function middleSnake(a: ArrayLike<number>, aLo: number, aHi: number, b: ArrayLike<number>, bLo: number, bHi: number): [number, number, number, number] {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const max = Math.ceil((n + m) / 2);
  const off = max + 1;
  const vf = new Int32Array(2 * max + 3);
  const vb = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && vf[off + k - 1]! < vf[off + k + 1]!) ? vf[off + k + 1]! : vf[off + k - 1]! + 1;
      let y = x - k;
      const x0 = x;
      const y0 = y;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      vf[off + k] = x;
      const bk = delta - k;
      if (odd && bk >= -(d - 1) && bk <= d - 1 && x + vb[off + bk]! >= n) return [x0, y0, x, y];
    }
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && vb[off + k - 1]! < vb[off + k + 1]!) ? vb[off + k + 1]! : vb[off + k - 1]! + 1;
      let y = x - k;
      const x0 = x;
      const y0 = y;
      while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
        x++;
        y++;
      }
      vb[off + k] = x;
      const fk = delta - k;
      if (!odd && fk >= -d && fk <= d && x + vf[off + fk]! >= n) return [n - x, m - y, n - x0, m - y0];
    }
  }
  // Unreachable: a path always exists within (n + m) / 2 rounds.
  throw new Error('diffSequences: no middle snake');
}

function collect(changedA: Uint8Array, changedB: Uint8Array): SeqChange[] {
  const out: SeqChange[] = [];
  let i = 0;
  let j = 0;
  while (i < changedA.length || j < changedB.length) {
    if (changedA[i] || changedB[j]) {
      const aStart = i;
      const bStart = j;
      while (i < changedA.length && changedA[i]) i++;
      while (j < changedB.length && changedB[j]) j++;
      out.push({ aStart, aEnd: i, bStart, bEnd: j });
    } else {
      i++;
      j++;
    }
  }
  return out;
}

/** Splits text into lines that keep their `\n`, so joining them gives the text back byte for byte. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Equal lines get equal ids across all the given texts. */
export function lineIds(table: Map<string, number>, lines: string[]): Int32Array {
  const ids = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    let id = table.get(line);
    if (id === undefined) {
      id = table.size;
      table.set(line, id);
    }
    ids[i] = id;
  });
  return ids;
}
