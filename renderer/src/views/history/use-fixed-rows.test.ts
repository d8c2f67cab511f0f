import { describe, expect, it } from 'vitest';
import { rowWindow, stepTop } from './use-fixed-rows';

const ROW = 48;
const OVERSCAN = 12;

/** Rows a scroller at `scrollTop`, `height` pixels tall, actually shows. */
function shown(scrollTop: number, height: number, count: number): [number, number] {
  return [Math.floor(scrollTop / ROW), Math.min(count, Math.ceil((scrollTop + height) / ROW))];
}

describe('fixed-height row window', () => {
  it('covers every visible row at any scroll position, also at the very end', () => {
    const count = 100_000;
    const height = 470;
    const max = count * ROW - height;
    for (const scrollTop of [0, 1, 47, 48, 383, 384, 385, 12_345, 2_400_000, max - 1, max]) {
      const w = rowWindow({ top: stepTop(scrollTop, ROW), height }, count, ROW, OVERSCAN);
      const [first, last] = shown(scrollTop, height, count);
      expect(w.start).toBeLessThanOrEqual(first);
      expect(w.end).toBeGreaterThanOrEqual(last);
      // Rendering stays proportional to the view, not to the list.
      expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(height / ROW) + 8 + 2 * OVERSCAN);
    }
  });

  it('moves only when the scroll position enters another step of rows', () => {
    expect(stepTop(0, ROW)).toBe(0);
    expect(stepTop(8 * ROW - 1, ROW)).toBe(0);
    expect(stepTop(8 * ROW, ROW)).toBe(8);
  });

  it('clamps to short lists and assumes a typical height before layout', () => {
    expect(rowWindow({ top: 0, height: 600 }, 5, ROW, OVERSCAN)).toEqual({ start: 0, end: 5 });
    expect(rowWindow({ top: 0, height: 0 }, 1000, ROW, OVERSCAN).end).toBeGreaterThanOrEqual(Math.ceil(600 / ROW));
    expect(rowWindow({ top: 0, height: 600 }, 0, ROW, OVERSCAN)).toEqual({ start: 0, end: 0 });
  });
});
