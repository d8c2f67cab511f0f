// What the UI bench runs inside the page: every time comes from the browser's own clock
// (performance.now() and event timestamps share the page's time origin), not from Playwright's
// round trips.
import type { Page } from '@playwright/test';

// The page's globals these functions touch, typed just enough: the bench compiles without the
// DOM library (the functions run in the browser, through page.evaluate).
interface PageElement {
  scrollTop: number;
}
declare const window: { __benchStart?: number; __benchDone?: Promise<number> };
declare const document: {
  body: unknown;
  addEventListener(type: 'click', listener: (e: { timeStamp: number }) => void, options: { capture: boolean; once: boolean }): void;
  querySelector(selector: string): PageElement | null;
};
declare function requestAnimationFrame(callback: (time: number) => void): number;
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: unknown, options: { childList: boolean; subtree: boolean; characterData: boolean }): void;
  disconnect(): void;
}

/**
 * Arms a measure before the click: the click's timestamp is the start (captured before the app
 * sees the event), the end is the first frame painted once `selector` matches. "Painted" = a
 * task queued from the requestAnimationFrame of the frame that first has the element: it runs
 * after that frame's style, layout and paint.
 */
export async function armPaintAfterClick(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    window.__benchStart = undefined;
    document.addEventListener('click', (e) => (window.__benchStart = e.timeStamp), { capture: true, once: true });
    window.__benchDone = new Promise<number>((resolve) => {
      const painted = (): void =>
        void requestAnimationFrame(() => {
          setTimeout(() => resolve(performance.now()), 0);
        });
      const observer = new MutationObserver(() => {
        if (!document.querySelector(sel)) return;
        observer.disconnect();
        painted();
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }, selector);
}

/** Milliseconds from the armed click to the paint (waits for it). */
export async function paintAfterClickMs(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const end = await window.__benchDone!;
    if (window.__benchStart === undefined) throw new Error('the click was not seen');
    return end - window.__benchStart;
  });
}

/**
 * Scrolls `selector` down at `pxPerMs` for `ms` (position from the frame's time, as a steady
 * fling does; pages load on the way). Returns the frame durations: deltas between consecutive
 * requestAnimationFrame timestamps (16.7 ms when every frame is on time at 60 Hz).
 */
export async function scrollFrames(page: Page, selector: string, ms: number, pxPerMs: number): Promise<{ frames: number[]; scrolledPx: number }> {
  return page.evaluate(
    ({ sel, duration, speed }) =>
      new Promise<{ frames: number[]; scrolledPx: number }>((resolve) => {
        const el = document.querySelector(sel)!;
        const frames: number[] = [];
        const from = el.scrollTop;
        let last = 0;
        let start = 0;
        const tick = (t: number): void => {
          if (start === 0) start = t;
          else frames.push(t - last);
          last = t;
          if (t - start >= duration) {
            resolve({ frames, scrolledPx: el.scrollTop - from });
            return;
          }
          el.scrollTop = from + speed * (t - start);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { sel: selector, duration: ms, speed: pxPerMs },
  );
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}
