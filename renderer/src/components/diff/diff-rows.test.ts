import { describe, expect, it } from 'vitest';
import type { DiffHunk } from '../../../../shared/contract/history';
import { buildDiffModel, hunkHeader } from './diff-rows';

const hunk: DiffHunk = {
  oldStart: 1,
  oldLines: 4,
  newStart: 1,
  newLines: 4,
  lines: [
    { kind: 'context', text: 'a', oldNo: 1, newNo: 1 },
    { kind: 'del', text: 'let x = 1;', oldNo: 2 },
    { kind: 'del', text: 'gone', oldNo: 3 },
    { kind: 'add', text: 'let x = 2;', newNo: 2 },
    { kind: 'context', text: 'b', oldNo: 4, newNo: 3 },
    { kind: 'add', text: 'end', newNo: 4, noNewline: true },
  ],
};

describe('diff rows', () => {
  it('writes hunk headers like git', () => {
    expect(hunkHeader(hunk)).toBe('@@ -1,4 +1,4 @@');
    expect(hunkHeader({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1, lines: [] })).toBe('@@ -0,0 +1 @@');
  });

  it('lists unified rows in git order with a no-newline marker and word changes on paired lines', () => {
    const model = buildDiffModel([hunk]);
    expect(model.unified.map((r) => (r.type === 'line' ? `${r.kind}:${(r.old ?? r.new)!.text}` : r.type))).toEqual([
      'hunk',
      'context:a',
      'del:let x = 1;',
      'del:gone',
      'add:let x = 2;',
      'context:b',
      'add:end',
      'no-newline',
    ]);
    const del = model.unified[2]!;
    expect(del.type === 'line' && del.old?.changes).toEqual([{ start: 8, end: 9 }]);
    const unpaired = model.unified[3]!;
    expect(unpaired.type === 'line' && unpaired.old?.changes).toBeNull();
    expect(model.oldText).toEqual(['a', 'let x = 1;', 'gone', 'b']);
    expect(model.newText).toEqual(['a', 'let x = 2;', 'b', 'end']);
  });

  it('pairs deletions with additions side by side in split rows', () => {
    const model = buildDiffModel([hunk]);
    const pairs = model.split.filter((r) => r.type === 'pair').map((r) => (r.type === 'pair' ? [r.left?.no ?? null, r.right?.no ?? null] : []));
    expect(pairs).toEqual([
      [1, 1],
      [2, 2],
      [3, null],
      [4, 3],
      [null, 4],
    ]);
    const last = model.split[model.split.length - 1]!;
    expect(last.type === 'pair' && last.right?.noNewline).toBe(true);
  });
});
