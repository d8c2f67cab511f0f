/**
 * Graph lanes for a commit list in `git log` order, computed from parents only.
 *
 * Each row is drawn on its own (an SVG per list row): segments in the top half run from the
 * row's top edge to its middle, segments in the bottom half from the middle to the bottom edge.
 * Consecutive rows meet because row N's bottom lanes are row N+1's top lanes. The state is
 * kept between calls so the graph grows page by page as more commits load, with the same
 * result as computing it in one go.
 */

export interface LaneCommit {
  oid: string;
  parents: readonly string[];
}

/** A line in one half of a row, from lane `from` to lane `to`, in colour `color`. */
export interface LaneSegment {
  from: number;
  to: number;
  color: number;
}

export interface LaneRow {
  /** The lane the commit's dot sits in. */
  column: number;
  color: number;
  /** More than one parent. */
  merge: boolean;
  top: LaneSegment[];
  bottom: LaneSegment[];
  /** Lanes this row touches (highest lane index + 1). */
  width: number;
}

interface Lane {
  /** The commit this lane is waiting for. */
  oid: string;
  color: number;
}

export interface LaneState {
  lanes: (Lane | null)[];
  nextColor: number;
}

export const LANE_COLORS = 8;

export function emptyLaneState(): LaneState {
  return { lanes: [], nextColor: 0 };
}

function freeSlot(lanes: (Lane | null)[]): number {
  const index = lanes.indexOf(null);
  return index < 0 ? lanes.length : index;
}

/** Adds rows for `commits` (which follow the ones `state` has seen); returns the new state. */
export function extendLanes(state: LaneState, commits: readonly LaneCommit[]): { state: LaneState; rows: LaneRow[] } {
  const lanes = [...state.lanes];
  let nextColor = state.nextColor;
  const rows: LaneRow[] = [];

  for (const commit of commits) {
    const waiting: number[] = [];
    lanes.forEach((lane, i) => lane?.oid === commit.oid && waiting.push(i));
    // A commit nobody waits for starts a new line of history (a branch tip).
    const column = waiting[0] ?? freeSlot(lanes);
    const color = lanes[column]?.color ?? nextColor++ % LANE_COLORS;
    const before = lanes.length;

    const top: LaneSegment[] = [];
    const bottom: LaneSegment[] = [];
    lanes.forEach((lane, i) => {
      if (!lane) return;
      if (lane.oid === commit.oid) {
        top.push({ from: i, to: column, color: lane.color });
      } else {
        top.push({ from: i, to: i, color: lane.color });
        bottom.push({ from: i, to: i, color: lane.color });
      }
    });
    // Branches that converge here end; the commit's lane goes on to its first parent.
    for (const i of waiting) lanes[i] = null;

    const [first, ...others] = commit.parents;
    if (first !== undefined) {
      lanes[column] = { oid: first, color };
      bottom.push({ from: column, to: column, color });
    } else {
      lanes[column] = null;
    }
    for (const parent of others) {
      if (parent === first) continue;
      const existing = lanes.findIndex((lane, i) => i !== column && lane?.oid === parent);
      if (existing >= 0) {
        bottom.push({ from: column, to: existing, color: lanes[existing]!.color });
        continue;
      }
      const slot = freeSlot(lanes);
      const laneColor = nextColor++ % LANE_COLORS;
      lanes[slot] = { oid: parent, color: laneColor };
      bottom.push({ from: column, to: slot, color: laneColor });
    }

    const width = Math.max(before, lanes.length, column + 1);
    while (lanes.length > 0 && lanes[lanes.length - 1] === null) lanes.pop();
    rows.push({ column, color, merge: commit.parents.length > 1, top, bottom, width });
  }
  return { state: { lanes, nextColor }, rows };
}

/** All rows at once (tests, small lists). */
export function computeLanes(commits: readonly LaneCommit[]): LaneRow[] {
  return extendLanes(emptyLaneState(), commits).rows;
}
