import type { DiffHunk, DiffLine } from '../../../../shared/contract/history';
import { intraLineChanges, type CharRange } from './intra-line';

/** One side's view of a diff line; `index` points into that side's `oldText`/`newText` (for syntax colours). */
export interface SideLine {
  kind: DiffLine['kind'];
  text: string;
  no: number;
  index: number;
  changes: CharRange[] | null;
  noNewline: boolean;
}

export type UnifiedRow =
  | { type: 'hunk'; header: string }
  | { type: 'line'; kind: DiffLine['kind']; old: SideLine | null; new: SideLine | null }
  | { type: 'no-newline' };

export type SplitRow = { type: 'hunk'; header: string } | { type: 'pair'; left: SideLine | null; right: SideLine | null };

export interface DiffModel {
  unified: UnifiedRow[];
  split: SplitRow[];
  /** The lines each side shows, in order: what the syntax highlighter parses. */
  oldText: string[];
  newText: string[];
}

export function hunkHeader(h: DiffHunk): string {
  const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);
  return `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`;
}

/**
 * Rows for both layouts from git's hunks. A run of deleted lines followed by a run of added
 * lines is a change block: its lines pair up in order (side by side in split mode, and for
 * word highlights in both).
 */
export function buildDiffModel(hunks: readonly DiffHunk[]): DiffModel {
  const unified: UnifiedRow[] = [];
  const split: SplitRow[] = [];
  const oldText: string[] = [];
  const newText: string[] = [];

  const side = (line: DiffLine, which: 'old' | 'new'): SideLine => {
    const texts = which === 'old' ? oldText : newText;
    texts.push(line.text);
    return {
      kind: line.kind,
      text: line.text,
      no: (which === 'old' ? line.oldNo : line.newNo) ?? 0,
      index: texts.length - 1,
      changes: null,
      noNewline: line.noNewline === true,
    };
  };

  for (const hunk of hunks) {
    const header = hunkHeader(hunk);
    unified.push({ type: 'hunk', header });
    split.push({ type: 'hunk', header });
    const lines = hunk.lines;
    let i = 0;
    while (i < lines.length) {
      const line = lines[i]!;
      if (line.kind === 'context') {
        const left = side(line, 'old');
        const right = side(line, 'new');
        unified.push({ type: 'line', kind: 'context', old: left, new: right });
        if (line.noNewline) unified.push({ type: 'no-newline' });
        split.push({ type: 'pair', left, right });
        i++;
        continue;
      }
      const dels: SideLine[] = [];
      const adds: SideLine[] = [];
      while (i < lines.length && lines[i]!.kind === 'del') dels.push(side(lines[i++]!, 'old'));
      while (i < lines.length && lines[i]!.kind === 'add') adds.push(side(lines[i++]!, 'new'));
      const pairs = Math.min(dels.length, adds.length);
      for (let k = 0; k < pairs; k++) {
        const changes = intraLineChanges(dels[k]!.text, adds[k]!.text);
        if (changes) {
          dels[k]!.changes = changes.old;
          adds[k]!.changes = changes.new;
        }
      }
      for (const del of dels) {
        unified.push({ type: 'line', kind: 'del', old: del, new: null });
        if (del.noNewline) unified.push({ type: 'no-newline' });
      }
      for (const add of adds) {
        unified.push({ type: 'line', kind: 'add', old: null, new: add });
        if (add.noNewline) unified.push({ type: 'no-newline' });
      }
      for (let k = 0; k < Math.max(dels.length, adds.length); k++) {
        split.push({ type: 'pair', left: dels[k] ?? null, right: adds[k] ?? null });
      }
    }
  }
  return { unified, split, oldText, newText };
}
