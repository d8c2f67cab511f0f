import type { DiffHunk, DiffLine } from '../../../shared/contract/history';
import { compactChanges, measureIndent, type CompactFile } from './compact';
import { matchLines } from './myers';

/**
 * Line diff of two texts with hunks exactly like `git diff -U3` (same matcher, same compaction,
 * same hunk headers). Pure: bytes in, hunks out.
 */
export interface LineDiffOptions {
  /** Context lines around each change (git's -U). */
  context?: number;
  /** Like `git diff -w`: lines that differ only in whitespace are equal. */
  ignoreWhitespace?: boolean;
}

export interface LineDiff {
  hunks: DiffHunk[];
  additions: number;
  deletions: number;
}

interface Lines {
  bytes: Uint8Array;
  /** Start offset of each line; line i spans starts[i]..starts[i+1] (newline included). */
  starts: number[];
  count: number;
  /** The last line lacks a newline. */
  noEol: boolean;
}

export function splitLines(bytes: Uint8Array): Lines {
  const starts: number[] = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  const noEol = bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a;
  if (!noEol) starts.pop();
  starts.push(bytes.length);
  return { bytes, starts, count: starts.length - 1, noEol };
}

const WHITESPACE = /[ \t\n\v\f\r]+/g;

// Equal lines get equal ids; latin1 keeps every byte distinct, so the key is exact.
function lineIds(lines: Lines, table: Map<string, number>, ignoreWhitespace: boolean): Int32Array {
  const ids = new Int32Array(lines.count);
  const buf = Buffer.from(lines.bytes.buffer, lines.bytes.byteOffset, lines.bytes.byteLength);
  for (let i = 0; i < lines.count; i++) {
    let key = buf.toString('latin1', lines.starts[i], lines.starts[i + 1]);
    if (ignoreWhitespace) key = key.replace(WHITESPACE, '');
    let id = table.get(key);
    if (id === undefined) {
      id = table.size;
      table.set(key, id);
    }
    ids[i] = id;
  }
  return ids;
}

function indents(lines: Lines): Int16Array {
  const out = new Int16Array(lines.count);
  for (let i = 0; i < lines.count; i++) out[i] = measureIndent(lines.bytes, lines.starts[i]!, lines.starts[i + 1]!);
  return out;
}

const decoder = new TextDecoder('utf-8');

function lineText(lines: Lines, i: number): string {
  let end = lines.starts[i + 1]!;
  if (lines.bytes[end - 1] === 0x0a) end--;
  return decoder.decode(lines.bytes.subarray(lines.starts[i], end));
}

/** One change: `delCount` lines at old index `oldAt` replaced by `addCount` lines at new index `newAt`. */
interface Change {
  oldAt: number;
  delCount: number;
  newAt: number;
  addCount: number;
}

function collectChanges(a: CompactFile, b: CompactFile): Change[] {
  const out: Change[] = [];
  const n1 = a.ids.length;
  const n2 = b.ids.length;
  let i1 = 0;
  let i2 = 0;
  while (i1 < n1 || i2 < n2) {
    if (a.changed[i1 + 1] || b.changed[i2 + 1]) {
      const oldAt = i1;
      const newAt = i2;
      while (a.changed[i1 + 1]) i1++;
      while (b.changed[i2 + 1]) i2++;
      out.push({ oldAt, delCount: i1 - oldAt, newAt, addCount: i2 - newAt });
    } else {
      i1++;
      i2++;
    }
  }
  return out;
}

export function diffLines(oldBytes: Uint8Array, newBytes: Uint8Array, options: LineDiffOptions = {}): LineDiff {
  const context = options.context ?? 3;
  const oldLines = splitLines(oldBytes);
  const newLines = splitLines(newBytes);
  const table = new Map<string, number>();
  const a = lineIds(oldLines, table, options.ignoreWhitespace ?? false);
  const b = lineIds(newLines, table, options.ignoreWhitespace ?? false);
  const { changedA, changedB } = matchLines(a, b);
  const fa: CompactFile = { ids: a, changed: changedA, indent: indents(oldLines) };
  const fb: CompactFile = { ids: b, changed: changedB, indent: indents(newLines) };
  compactChanges(fa, fb);
  compactChanges(fb, fa);
  const changes = collectChanges(fa, fb);
  let additions = 0;
  let deletions = 0;
  for (const c of changes) {
    additions += c.addCount;
    deletions += c.delCount;
  }
  return { hunks: buildHunks(changes, oldLines, newLines, context), additions, deletions };
}

// xdl_get_hunk / xdl_emit_diff: changes closer than 2×context share a hunk; context comes from the new side.
function buildHunks(changes: Change[], oldLines: Lines, newLines: Lines, context: number): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  let i = 0;
  while (i < changes.length) {
    let j = i;
    while (j + 1 < changes.length) {
      const prev = changes[j]!;
      if (changes[j + 1]!.oldAt - (prev.oldAt + prev.delCount) > 2 * context) break;
      j++;
    }
    const first = changes[i]!;
    const last = changes[j]!;
    const s1 = Math.max(first.oldAt - context, 0);
    const s2 = Math.max(first.newAt - context, 0);
    const after = Math.min(context, oldLines.count - (last.oldAt + last.delCount), newLines.count - (last.newAt + last.addCount));
    const e1 = last.oldAt + last.delCount + after;
    const e2 = last.newAt + last.addCount + after;
    const lines: DiffLine[] = [];
    let o = s1;
    let n = s2;
    const pushContext = (until: number): void => {
      for (; n < until; n++, o++) lines.push(line('context', newLines, n, { oldNo: o + 1, newNo: n + 1 }));
    };
    for (let k = i; k <= j; k++) {
      const c = changes[k]!;
      pushContext(c.newAt);
      for (o = c.oldAt; o < c.oldAt + c.delCount; o++) lines.push(line('del', oldLines, o, { oldNo: o + 1 }));
      for (n = c.newAt; n < c.newAt + c.addCount; n++) lines.push(line('add', newLines, n, { newNo: n + 1 }));
    }
    pushContext(e2);
    hunks.push({
      oldStart: e1 - s1 > 0 ? s1 + 1 : s1,
      oldLines: e1 - s1,
      newStart: e2 - s2 > 0 ? s2 + 1 : s2,
      newLines: e2 - s2,
      lines,
    });
    i = j + 1;
  }
  return hunks;
}

function line(kind: DiffLine['kind'], lines: Lines, i: number, numbers: { oldNo?: number; newNo?: number }): DiffLine {
  const out: DiffLine = { kind, text: lineText(lines, i), ...numbers };
  if (lines.noEol && i === lines.count - 1) out.noNewline = true;
  return out;
}
