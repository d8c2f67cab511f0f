import { keepsConflictsApart } from '../../../../shared/merge-rule';
import { diffSequences, lineIds, splitLines, type SeqChange } from './line-lcs';

/** Lines every side agrees on (or that only one side changed: merged automatically). */
export interface StableChunk {
  kind: 'stable';
  lines: string[];
}

/** Both sides changed the same base lines differently. Starts are 0-based line indexes. */
export interface ConflictChunk {
  kind: 'conflict';
  /** 0-based number of this conflict in the file. */
  index: number;
  ours: string[];
  base: string[];
  theirs: string[];
  oursStart: number;
  baseStart: number;
  theirsStart: number;
}

export type MergeChunk = StableChunk | ConflictChunk;

interface SideHunk extends SeqChange {
  side: 'ours' | 'theirs';
}

/**
 * A diff3-style merge of three texts: lines changed by one side only are taken from that side;
 * regions both sides changed differently (overlapping or touching in the base, like git) become
 * conflicts, trimmed to the lines the two sides really disagree on. Pure; keeps every byte
 * (line endings included), so joining a chunk list back gives exact text.
 */
export function mergeThreeWay(base: string, ours: string, theirs: string): MergeChunk[] {
  const table = new Map<string, number>();
  const b = splitLines(base);
  const o = splitLines(ours);
  const t = splitLines(theirs);
  const [bi, oi, ti] = [lineIds(table, b), lineIds(table, o), lineIds(table, t)];
  const hunks: SideHunk[] = [
    ...diffSequences(bi, oi).map((h) => ({ ...h, side: 'ours' as const })),
    ...diffSequences(bi, ti).map((h) => ({ ...h, side: 'theirs' as const })),
  ].sort((x, y) => x.aStart - y.aStart || x.aEnd - y.aEnd);

  const chunks: MergeChunk[] = [];
  const pushStable = (lines: string[]) => {
    if (lines.length === 0) return;
    const last = chunks[chunks.length - 1];
    if (last?.kind === 'stable') last.lines.push(...lines);
    else chunks.push({ kind: 'stable', lines: [...lines] });
  };
  // Where each side's text stands relative to the base, after the hunks seen so far.
  let baseAt = 0;
  const shift = { ours: 0, theirs: 0 };
  let conflicts = 0;
  let i = 0;
  while (i < hunks.length) {
    const group = [hunks[i]!];
    let end = hunks[i]!.aEnd;
    let j = i + 1;
    // Touching changes conflict too (git does the same): nobody can say which order is right.
    while (j < hunks.length && hunks[j]!.aStart <= end) {
      group.push(hunks[j]!);
      end = Math.max(end, hunks[j]!.aEnd);
      j++;
    }
    const start = group[0]!.aStart;
    pushStable(b.slice(baseAt, start));
    const range = (side: 'ours' | 'theirs'): [number, number] => {
      const mine = group.filter((h) => h.side === side);
      if (mine.length === 0) return [start + shift[side], end + shift[side]];
      const first = mine[0]!;
      const last = mine[mine.length - 1]!;
      return [first.bStart - (first.aStart - start), last.bEnd + (end - last.aEnd)];
    };
    const [os, oe] = range('ours');
    const [ts, te] = range('theirs');
    const oursLines = o.slice(os, oe);
    const theirLines = t.slice(ts, te);
    const sides = new Set(group.map((h) => h.side));
    if (sides.size === 1) {
      pushStable(sides.has('ours') ? oursLines : theirLines);
    } else if (sameLines(oursLines, theirLines)) {
      pushStable(oursLines);
    } else {
      // Lines both sides share at the edges are not in conflict: keep them out of the markers.
      let head = 0;
      while (head < oursLines.length && head < theirLines.length && oursLines[head] === theirLines[head]) head++;
      let tail = 0;
      while (
        tail < oursLines.length - head &&
        tail < theirLines.length - head &&
        oursLines[oursLines.length - 1 - tail] === theirLines[theirLines.length - 1 - tail]
      ) {
        tail++;
      }
      pushStable(oursLines.slice(0, head));
      // The base is only shown for reference; trimming it like the sides keeps it aligned where possible.
      const baseLines = b.slice(start, end);
      const oursCore = oursLines.slice(head, oursLines.length - tail);
      const theirsCore = theirLines.slice(head, theirLines.length - tail);
      // Both sides wrote new text at the same place (a file added on both sides, above all): there is
      // no base to show, so, like git's default conflict style, only the lines the sides disagree on
      // conflict and the lines they share between them are kept once.
      const parts: Part[] = baseLines.length === 0 ? splitInsertion(table, oursCore, theirsCore) : [{ ours: [0, oursCore.length], theirs: [0, theirsCore.length] }];
      let oursAt = 0;
      for (const part of parts) {
        pushStable(oursCore.slice(oursAt, part.ours[0]));
        chunks.push({
          kind: 'conflict',
          index: conflicts++,
          ours: oursCore.slice(part.ours[0], part.ours[1]),
          base: baseLines,
          theirs: theirsCore.slice(part.theirs[0], part.theirs[1]),
          oursStart: os + head + part.ours[0],
          baseStart: start,
          theirsStart: ts + head + part.theirs[0],
        });
        oursAt = part.ours[1];
      }
      pushStable(oursCore.slice(oursAt));
      pushStable(oursLines.slice(oursLines.length - tail));
    }
    shift.ours = oe - end;
    shift.theirs = te - end;
    baseAt = end;
    i = j;
  }
  pushStable(b.slice(baseAt));
  return chunks;
}

interface Part {
  ours: [number, number];
  theirs: [number, number];
}

/**
 * The regions where two insertions at the same place differ. Shared runs of at most 3 lines, or
 * without a letter or digit (blank lines, lone braces), do not split a conflict: git's "zealous
 * alnum" refinement (the engine's conflictRegions writes the same markers to disk), which keeps
 * a conflict from being chopped into pieces that only make sense together.
 */
function splitInsertion(table: Map<string, number>, ours: string[], theirs: string[]): Part[] {
  const parts: Part[] = [];
  for (const c of diffSequences(lineIds(table, ours), lineIds(table, theirs))) {
    const last = parts[parts.length - 1];
    if (last && !keepsConflictsApart(ours.slice(last.ours[1], c.aStart))) {
      last.ours[1] = c.aEnd;
      last.theirs[1] = c.bEnd;
    } else {
      parts.push({ ours: [c.aStart, c.aEnd], theirs: [c.bStart, c.bEnd] });
    }
  }
  return parts;
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((line, k) => line === b[k]);
}

export type ConflictChoice = 'ours' | 'theirs' | 'both' | 'base';

export const MARKER_OURS = '<<<<<<< Mine';
export const MARKER_SPLIT = '=======';
export const MARKER_THEIRS = '>>>>>>> Theirs';

/** Lines inside markers must end with a newline, or the next marker would join the last line. */
function closed(lines: string[]): string {
  const text = lines.join('');
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** The text of one conflict as chosen; an unchosen conflict is written with conflict markers. */
export function renderConflict(chunk: ConflictChunk, choice: ConflictChoice | null | undefined): string {
  switch (choice) {
    case 'ours':
      return chunk.ours.join('');
    case 'theirs':
      return chunk.theirs.join('');
    case 'base':
      return chunk.base.join('');
    case 'both':
      return closed(chunk.ours) + chunk.theirs.join('');
    default: {
      // At the end of a file without a final newline the closing marker has none either, so
      // accepting a side in the editor (acceptBlock) gives back that side's exact bytes.
      const last = chunk.theirs.at(-1) ?? chunk.ours.at(-1);
      const end = last !== undefined && !last.endsWith('\n') ? '' : '\n';
      return `${MARKER_OURS}\n${closed(chunk.ours)}${MARKER_SPLIT}\n${closed(chunk.theirs)}${MARKER_THEIRS}${end}`;
    }
  }
}

/** The whole merged file, each conflict written as chosen (markers where no choice was made). */
export function renderMerge(chunks: MergeChunk[], choices: Record<number, ConflictChoice | null> = {}): string {
  return chunks.map((c) => (c.kind === 'stable' ? c.lines.join('') : renderConflict(c, choices[c.index]))).join('');
}
