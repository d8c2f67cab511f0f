import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/** The window of rows to render: `[start, end)`. */
export interface RowWindow {
  start: number;
  end: number;
}

/** The scroll position is taken in steps of this many rows, so scrolling re-renders every few rows, not every pixel. */
const STEP = 8;
/** Before the element has a size (first render, jsdom): assume a typical list height. */
const FALLBACK_HEIGHT = 600;

export interface View {
  /** First row of the step the scroll position is in. */
  top: number;
  /** The scroller's height in pixels (0 before it is known). */
  height: number;
}

/** The step-aligned first row for a scroll position. */
export function stepTop(scrollTop: number, rowHeight: number): number {
  return Math.floor(scrollTop / rowHeight / STEP) * STEP;
}

/** The rows to render for a view: everything visible from anywhere in its step, plus `overscan` each side. */
export function rowWindow(view: View, count: number, rowHeight: number, overscan: number): RowWindow {
  const visible = Math.ceil((view.height || FALLBACK_HEIGHT) / rowHeight);
  const start = Math.min(count, Math.max(0, view.top - overscan));
  const end = Math.min(count, view.top + STEP + visible + overscan);
  return { start, end: Math.max(start, end) };
}

/**
 * Virtual rows of one fixed height. With every row the same height the window is arithmetic:
 * no per-row measurement, a re-render only when the scroll position enters another step, and
 * the same cost at 100 or 100,000 rows. Layout is read in scroll events and from the
 * ResizeObserver, never forced while React commits (a page of rows arriving costs no layout read).
 */
export function useFixedRows(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): { range: RowWindow; scrollToIndex(index: number): void } {
  const [view, setView] = useState<View>({ top: 0, height: 0 });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const setTop = (scrollTop: number) => {
      const top = stepTop(scrollTop, rowHeight);
      setView((v) => (v.top === top ? v : { ...v, top }));
    };
    const setHeight = (height: number) => setView((v) => (v.height === height ? v : { ...v, height }));
    setTop(el.scrollTop);
    setHeight(el.clientHeight);
    const onScroll = () => setTop(el.scrollTop);
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(([entry]) => entry && setHeight(Math.ceil(entry.contentRect.height)));
    observer?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [scrollRef, rowHeight]);

  const range = rowWindow(view, count, rowHeight, overscan);

  /** Scrolls just enough to show row `index` (as `scrollIntoView({ block: 'nearest' })`). */
  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const top = index * rowHeight;
      const height = el.clientHeight || FALLBACK_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + height) el.scrollTop = top + rowHeight - height;
    },
    [scrollRef, rowHeight],
  );

  return { range, scrollToIndex };
}
