import { describe, expect, it } from 'vitest';
import { computeLanes, emptyLaneState, extendLanes, type LaneCommit, type LaneRow } from './graph-lanes';

const c = (oid: string, ...parents: string[]): LaneCommit => ({ oid, parents });
const seg = (from: number, to: number) => ({ from, to });
const shape = (row: LaneRow) => ({
  column: row.column,
  top: row.top.map((s) => seg(s.from, s.to)),
  bottom: row.bottom.map((s) => seg(s.from, s.to)),
});

describe('graph lanes', () => {
  it('keeps a linear history in one lane, ending at the root', () => {
    const rows = computeLanes([c('c', 'b'), c('b', 'a'), c('a')]);
    expect(rows.map(shape)).toEqual([
      { column: 0, top: [], bottom: [seg(0, 0)] },
      { column: 0, top: [seg(0, 0)], bottom: [seg(0, 0)] },
      { column: 0, top: [seg(0, 0)], bottom: [] },
    ]);
    expect(new Set(rows.map((r) => r.color)).size).toBe(1);
    expect(rows.every((r) => r.width === 1 && !r.merge)).toBe(true);
  });

  it('opens a lane for the second parent of a merge and closes it where the branch started', () => {
    // m merges f (feature) into b; f branched off a.
    const rows = computeLanes([c('m', 'b', 'f'), c('f', 'a'), c('b', 'a'), c('a')]);
    expect(rows.map(shape)).toEqual([
      { column: 0, top: [], bottom: [seg(0, 0), seg(0, 1)] },
      { column: 1, top: [seg(0, 0), seg(1, 1)], bottom: [seg(0, 0), seg(1, 1)] },
      { column: 0, top: [seg(0, 0), seg(1, 1)], bottom: [seg(1, 1), seg(0, 0)] },
      { column: 0, top: [seg(0, 0), seg(1, 0)], bottom: [] },
    ]);
    expect(rows[0]!.merge).toBe(true);
    expect(rows[0]!.width).toBe(2);
    // The feature lane keeps its own colour from the merge down to where it joins.
    expect(rows[1]!.color).not.toBe(rows[0]!.color);
    expect(rows[3]!.top[1]!.color).toBe(rows[1]!.color);
  });

  it('starts a new lane for a branch tip nobody waits for and reuses freed lanes', () => {
    // Two tips (x on top of a, y on top of a), listed together as `git log --all` would.
    const rows = computeLanes([c('x', 'a'), c('y', 'a'), c('a', 'r'), c('z', 'r'), c('r')]);
    expect(rows.map(shape)).toEqual([
      { column: 0, top: [], bottom: [seg(0, 0)] },
      { column: 1, top: [seg(0, 0)], bottom: [seg(0, 0), seg(1, 1)] },
      { column: 0, top: [seg(0, 0), seg(1, 0)], bottom: [seg(0, 0)] },
      // z is a new tip; lane 1 is free again and is reused.
      { column: 1, top: [seg(0, 0)], bottom: [seg(0, 0), seg(1, 1)] },
      { column: 0, top: [seg(0, 0), seg(1, 0)], bottom: [] },
    ]);
  });

  it('joins a merge parent into the lane already waiting for it', () => {
    // m1 and m2 both merge from s; s is already awaited in lane 1 when m2 is drawn.
    const rows = computeLanes([c('m1', 'm2', 's'), c('m2', 'b', 's'), c('s', 'b'), c('b')]);
    expect(shape(rows[1]!)).toEqual({ column: 0, top: [seg(0, 0), seg(1, 1)], bottom: [seg(1, 1), seg(0, 0), seg(0, 1)] });
    expect(rows.map((r) => r.width)).toEqual([2, 2, 2, 2]);
  });

  it('gives the same rows page by page as all at once', () => {
    const commits = [c('m', 'b', 'f'), c('f', 'e'), c('b', 'a'), c('e', 'a'), c('a', 'r'), c('r')];
    const whole = computeLanes(commits);
    let state = emptyLaneState();
    const paged: LaneRow[] = [];
    for (const page of [commits.slice(0, 2), [], commits.slice(2, 5), commits.slice(5)]) {
      const next = extendLanes(state, page);
      state = next.state;
      paged.push(...next.rows);
    }
    expect(paged).toEqual(whole);
  });

  it('ends lanes at root commits and does not leave empty lanes behind', () => {
    // Two unrelated histories (an orphan branch merged in).
    const rows = computeLanes([c('m', 'a', 'o'), c('o'), c('a')]);
    expect(rows.map(shape)).toEqual([
      { column: 0, top: [], bottom: [seg(0, 0), seg(0, 1)] },
      { column: 1, top: [seg(0, 0), seg(1, 1)], bottom: [seg(0, 0)] },
      { column: 0, top: [seg(0, 0)], bottom: [] },
    ]);
  });
});
