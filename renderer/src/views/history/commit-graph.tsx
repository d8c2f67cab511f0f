import { memo } from 'react';
import type { LaneRow, LaneSegment } from './graph-lanes';

export const LANE_WIDTH = 14;
const PAD = 10;
/** Lanes beyond this are clipped: very wide graphs would eat the subject column. */
export const MAX_LANES = 8;

const x = (lane: number) => PAD + lane * LANE_WIDTH;

function path(s: LaneSegment, y0: number, y1: number): string {
  if (s.from === s.to) return `M${x(s.from)} ${y0}V${y1}`;
  const mid = (y0 + y1) / 2;
  return `M${x(s.from)} ${y0}C${x(s.from)} ${mid} ${x(s.to)} ${mid} ${x(s.to)} ${y1}`;
}

export function graphWidth(lanes: number): number {
  return PAD * 2 + (Math.min(Math.max(lanes, 1), MAX_LANES) - 1) * LANE_WIDTH;
}

/** A segment that touches one of the drawn lanes (the rest would be clipped away). */
const shown = (s: LaneSegment): boolean => s.from < MAX_LANES || s.to < MAX_LANES;

/**
 * One row of the graph: lines through the row and the commit's dot. Decorative. Only lanes
 * that fit are drawn: deep in a big history a hundred lanes can be open, and drawing all of
 * them (clipped) made every row hundreds of SVG paths.
 */
export const CommitGraph = memo(function CommitGraph({ row, height, width }: { row: LaneRow; height: number; width: number }) {
  const mid = height / 2;
  return (
    <svg className="commit-graph" width={width} height={height} aria-hidden="true" focusable="false">
      {row.top.map((s, i) => shown(s) && <path key={`t${i}`} d={path(s, 0, mid)} className={`lane lane-c${s.color}`} />)}
      {row.bottom.map((s, i) => shown(s) && <path key={`b${i}`} d={path(s, mid, height)} className={`lane lane-c${s.color}`} />)}
      {row.merge ? (
        <circle cx={x(row.column)} cy={mid} r={4.5} className={`lane-node lane-merge lane-c${row.color}`} />
      ) : (
        <circle cx={x(row.column)} cy={mid} r={4} className={`lane-node lane-c${row.color}`} />
      )}
    </svg>
  );
});
