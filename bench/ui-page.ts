// What the UI bench runs inside the page: every time comes from the browser's own clock
// (performance.now() and event timestamps share the page's time origin), not from Playwright's
// round trips.
import type { Page } from '@playwright/test';

// The page's globals these functions touch, typed just enough: the bench compiles without the
// DOM library (the functions run in the browser, through page.evaluate).
interface PageElement {
  scrollTop: number;
}
declare const window: {
  __benchStart?: number;
  __benchDone?: Promise<number>;
  __benchEnd?: number;
  __benchLong?: { start: number; duration: number }[];
  __benchWs?: Record<string, { sent: number; received?: number }>;
};
declare class PerformanceObserver {
  constructor(callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void);
  observe(options: { type: string }): void;
  disconnect(): void;
}
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
 * Added to the page before the app loads: notes when the first request of each channel since the
 * last arm went out on the app's WebSocket and when its answer came in, so a figure can say how
 * much of it was the host's. The answer's id is read from its first bytes: parsing a 1.4 MB
 * answer twice would add to what is measured.
 */
export const WS_TIMING_SCRIPT = `(() => {
  const Base = window.WebSocket;
  const ids = new Map();
  window.__benchWs = {};
  window.WebSocket = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const m = /^\\{"id":"?([^",]*)/.exec(typeof e.data === 'string' ? e.data.slice(0, 100) : '');
        const channel = m && ids.get(m[1]);
        const entry = channel && window.__benchWs[channel];
        if (entry && entry.id === m[1] && entry.received === undefined) entry.received = performance.now();
      });
    }
    send(data) {
      try {
        const frame = JSON.parse(data);
        if (frame.channel) {
          ids.set(String(frame.id), frame.channel);
          if (!window.__benchWs[frame.channel]) window.__benchWs[frame.channel] = { id: String(frame.id), sent: performance.now() };
        }
      } catch {}
      super.send(data);
    }
  };
})();`;

/** ms between the first `channel` request since the arm and its answer (NaN if none). */
export async function hostWaitMs(page: Page, channel: string): Promise<number> {
  return page.evaluate((ch) => {
    const entry = window.__benchWs?.[ch];
    return entry?.received === undefined ? NaN : entry.received - entry.sent;
  }, channel);
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
    window.__benchEnd = undefined;
    window.__benchWs = {};
    const long: { start: number; duration: number }[] = [];
    window.__benchLong = long;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    document.addEventListener('click', (e) => (window.__benchStart = e.timeStamp), { capture: true, once: true });
    window.__benchDone = new Promise<number>((resolve, reject) => {
      // page.evaluate has no timeout of its own: a click that shows nothing must fail the bench, not hang it.
      setTimeout(() => reject(new Error(`nothing matching ${sel} was painted within 60 s`)), 60_000);
      const painted = (): void =>
        void requestAnimationFrame(() => {
          setTimeout(() => resolve((window.__benchEnd = performance.now())), 0);
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
 * The longest main-thread task (Long Tasks API: 50 ms or more, else 0) in the `ms` after the
 * armed paint: what a user scrolling or clicking right after the view appeared would wait for.
 */
export async function longestTaskAfterPaintMs(page: Page, ms: number): Promise<number> {
  await page.waitForTimeout(ms);
  return page.evaluate(() => {
    const end = window.__benchEnd ?? 0;
    return Math.max(0, ...(window.__benchLong ?? []).filter((t) => t.start + t.duration > end).map((t) => t.duration));
  });
}

/**
 * Scrolls `selector` down at `pxPerMs` for `ms` (position from the frame's time, as a steady
 * fling does; pages load on the way). Returns per frame its interval (between consecutive
 * requestAnimationFrame timestamps: 16.7 ms when every frame is on time at 60 Hz, 33.3 when one
 * was dropped) and its work: from the frame's start to a task queued from its
 * requestAnimationFrame, which runs after that frame's scroll handlers, React, style, layout and
 * paint. The work is what must fit a 16 ms frame; the interval only shows the display's rate.
 */
export async function scrollFrames(page: Page, selector: string, ms: number, pxPerMs: number): Promise<{ intervals: number[]; work: number[]; scrolledPx: number }> {
  return page.evaluate(
    ({ sel, duration, speed }) =>
      new Promise<{ intervals: number[]; work: number[]; scrolledPx: number }>((resolve) => {
        const el = document.querySelector(sel)!;
        const intervals: number[] = [];
        const work: number[] = [];
        const from = el.scrollTop;
        let last = 0;
        let start = 0;
        let scrolledPx = 0;
        let done = false;
        const after = new MessageChannel();
        let posted = 0;
        // Typed as Node's MessagePort here; in the page it is the DOM's.
        (after.port1 as unknown as { onmessage: (e: { data: number }) => void }).onmessage = (e) => {
          work.push(performance.now() - e.data);
          if (done && work.length === posted) {
            after.port1.close();
            resolve({ intervals, work, scrolledPx });
          }
        };
        const tick = (t: number): void => {
          if (start === 0) start = t;
          else intervals.push(t - last);
          last = t;
          if (t - start >= duration) {
            done = true;
            scrolledPx = el.scrollTop - from;
            if (work.length === posted) resolve({ intervals, work, scrolledPx });
            return;
          }
          el.scrollTop = from + speed * (t - start);
          posted++;
          after.port2.postMessage(t);
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
