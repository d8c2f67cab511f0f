// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitGraph, MAX_LANES, graphWidth } from './commit-graph';
import { computeLanes, type LaneRow } from './graph-lanes';

afterEach(cleanup);

describe('CommitGraph', () => {
  it('draws only the lanes that fit, however many are open', () => {
    // Thirty branch tips in a row: the thirty-first commit's row has thirty lanes passing by.
    const tips = Array.from({ length: 30 }, (_, i) => ({ oid: `tip${i}`, parents: [`base${i}`] }));
    const rows = computeLanes([...tips, { oid: 'other', parents: [] }]);
    const row: LaneRow = rows[30]!;
    expect(row.top.length).toBe(30);
    const { container } = render(<CommitGraph row={row} height={48} width={graphWidth(row.width)} />);
    const paths = container.querySelectorAll('path');
    expect(paths.length).toBe(row.top.filter((s) => s.from < MAX_LANES || s.to < MAX_LANES).length + row.bottom.filter((s) => s.from < MAX_LANES || s.to < MAX_LANES).length);
    expect(paths.length).toBeLessThanOrEqual(2 * MAX_LANES);
    expect(container.querySelectorAll('circle')).toHaveLength(1);
  });
});
