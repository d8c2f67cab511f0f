// Renderer speed (issue 6): the built host (dist/host/index.mjs) serves the real UI to Debian
// Chromium driven by Playwright, on a 100k-commit workspace; the page's own clocks measure
// (bench/ui-page.ts). Rows: ui-history, ui-scroll, ui-scroll-deep, ui-diff.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { addWorkspace } from '../e2e/browser/history-fixtures';
import { chromiumArgs, chromiumPath } from '../e2e/support/chromium';
import { startHost, type RunningHost } from '../e2e/support/host';
import { indexFileFor } from '../electron/core/history/fast-source';
import { runIndexBuild } from '../electron/core/history/index/run-build';
import { INDEX_VERSION } from '../electron/core/history/index/format';
import { BIG_FILE_PATH, BIG_FILE_SUBJECT } from './generate';
import { median } from './measure';
import type { Row } from './report';
import { prepareUiRepo } from './repos';
import { WS_TIMING_SCRIPT, armPaintAfterClick, hostWaitMs, longestTaskAfterPaintMs, paintAfterClickMs, percentile, scrollFrames } from './ui-page';

export interface UiContext {
  root: string;
  workDir: string;
  runs: number;
  quick: boolean;
  want(id: string): boolean;
  log(s: string): void;
}

const LIST = '[role=listbox][aria-label="Commits"]';
const ROW = `${LIST} [role=option]`;
const DIFF_LINE = `section[aria-label="Diff of ${BIG_FILE_PATH}"] .diff-line`;
const ROW_HEIGHT = 48;
/** 125 rows a second: a fast fling that crosses two page loads in 3 s. */
const SCROLL_PX_PER_MS = 6;
/** How deep the deep-scroll figure starts. */
const DEEP_ROWS = 30_000;

interface Timed {
  ms: number;
  /** Of which waiting for the host's answer (history.list / history.commit). */
  hostMs: number;
  /** The longest main-thread task in the 3 s after the paint (diff only). */
  longMs?: number;
}

/** A fresh page load on the workspace's Overview tab, then a click on History; ms to the first rows painted. */
async function historyOnce(page: Page, host: RunningHost, id: string): Promise<Timed> {
  await page.goto(`${host.origin}/#/workspaces/${encodeURIComponent(id)}/overview`);
  await page.reload();
  await page.getByRole('status', { name: 'Connection' }).filter({ hasText: 'Connected' }).waitFor();
  const tab = page.getByRole('tab', { name: 'History' });
  await tab.waitFor();
  await armPaintAfterClick(page, ROW);
  await tab.click();
  return { ms: await paintAfterClickMs(page), hostMs: await hostWaitMs(page, 'history.list') };
}

/** With the History tab open: click the big file's commit; ms to its diff's lines painted. */
async function diffOnce(page: Page): Promise<Timed> {
  const list = page.locator(LIST);
  // Another commit first, so the big one's detail is read and drawn again.
  await list.locator('[role=option]').first().click();
  await page.locator(DIFF_LINE).waitFor({ state: 'detached' });
  await page.getByRole('region', { name: 'Commit details' }).getByRole('heading', { level: 3 }).waitFor();
  const big = list.getByRole('option', { name: new RegExp(`^${BIG_FILE_SUBJECT}`) });
  await armPaintAfterClick(page, DIFF_LINE);
  await big.click();
  const ms = await paintAfterClickMs(page);
  // Syntax colours are computed after the paint: they must not freeze the window meanwhile.
  return { ms, hostMs: await hostWaitMs(page, 'history.commit'), longMs: await longestTaskAfterPaintMs(page, 3000) };
}

interface Fling {
  /** p95 of the frames' work (see scrollFrames): what the ≤ 16 ms target is about. */
  p95: number;
  /** p95 of the intervals between frames (16.7 ms at 60 Hz when none is dropped). */
  intervalP95: number;
  frames: number;
  late: number;
  rows: number;
}

/** Frames over 3 s of fast scrolling from where the list is: the run's p95s, frames, late frames (interval > 20 ms), rows passed. */
async function fling(page: Page): Promise<Fling> {
  await page.waitForTimeout(300); // let the page settle (the newest commit's detail, a page in flight)
  const { intervals, work, scrolledPx } = await scrollFrames(page, LIST, 3000, SCROLL_PX_PER_MS);
  return {
    p95: percentile(work, 95),
    intervalP95: percentile(intervals, 95),
    frames: intervals.length,
    late: intervals.filter((f) => f > 20).length,
    rows: Math.round(scrolledPx / ROW_HEIGHT),
  };
}

/** Commits loaded into the list (its scroll height is one row each, plus the loading row). */
async function loadedRows(page: Page): Promise<number> {
  return page.locator(LIST).evaluate((el, h) => Math.floor(el.scrollHeight / h), ROW_HEIGHT);
}

/** Scrolls to the end again and again until at least `n` commits are loaded, as a user dragging the scrollbar down does. */
async function loadAtLeast(page: Page, n: number): Promise<number> {
  const deadline = Date.now() + 180_000;
  let loaded = await loadedRows(page);
  while (loaded < n) {
    if (Date.now() > deadline) throw new Error(`only ${loaded} of ${n} commits loaded in time`);
    await page.locator(LIST).evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForTimeout(30);
    loaded = await loadedRows(page);
  }
  return loaded;
}

function flingRow(figure: string, runs: Fling[]): Row {
  const p95 = runs.map((r) => r.p95);
  const last = runs[runs.length - 1]!;
  const intervals = fmt(runs.map((r) => r.intervalP95));
  return row(figure, '≤ 16 ms', p95, `${last.frames} frames, ${last.rows} rows; work p95 ${fmt(p95)} ms; interval p95 ${intervals} ms, late ${fmt(runs.map((r) => r.late))}`);
}

function row(figure: string, target: string, ms: number[], check: string): Row {
  return { figure, gitMs: NaN, reposyncMs: median(ms), ratio: NaN, target, gitRssMb: NaN, rssMb: NaN, lagMaxMs: NaN, runs: ms.length, check };
}

const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join('/');

/** The runs, and how much of the median run was the host's answer. */
function split(runs: Timed[]): string {
  const ms = runs.map((r) => r.ms);
  return `${fmt(ms)} ms; host answer median ${median(runs.map((r) => r.hostMs)).toFixed(0)} ms, rest (UI) median ${median(runs.map((r) => r.ms - r.hostMs)).toFixed(0)} ms`;
}

export async function uiRows(c: UiContext): Promise<Row[]> {
  const ids = ['ui-history', 'ui-scroll', 'ui-scroll-deep', 'ui-diff'];
  if (!ids.some(c.want)) return [];
  if (!fs.existsSync(path.join(c.root, 'dist/host/index.mjs'))) {
    c.log('· UI figures skipped: run `npm run build` first');
    return [];
  }
  const repo = prepareUiRepo(c.workDir, c.quick, c.log);
  c.log(`· UI on ${repo.commits} commits (${path.basename(repo.dir)})`);
  // The history index as the app has it after its first open, built once and copied into each
  // fresh data folder (building it is the index-build figure's business, not the UI's).
  // Named by format version: an index of an older format would be rebuilt during the measurement.
  const cachedIndex = `${repo.dir}.index-v${INDEX_VERSION}.bin`;
  if (!fs.existsSync(cachedIndex)) {
    c.log('  building its history index …');
    await runIndexBuild({ gitdir: path.join(repo.dir, '.git'), file: `${cachedIndex}.tmp` });
    fs.renameSync(`${cachedIndex}.tmp`, cachedIndex);
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'reposync-bench-ui-'));
  const indexFile = indexFileFor(path.join(home, 'cache/history'), repo.dir);
  fs.mkdirSync(path.dirname(indexFile), { recursive: true });
  fs.copyFileSync(cachedIndex, indexFile);

  const host = await startHost({ root: c.root, home });
  // Headless Chromium draws at 60 Hz as a display would: a frame on time is 16.7 ms, a dropped one 33.3.
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const rows: Row[] = [];
  try {
    const id = await addWorkspace(host, repo.dir);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript({ content: WS_TIMING_SCRIPT });
    // REPOSYNC_BENCH_UI_CPU=4: the page's CPU slowed 4× (Chromium's throttling), as on a slow or busy machine.
    const slowdown = Number(process.env.REPOSYNC_BENCH_UI_CPU ?? 1);
    if (slowdown > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    const cpu = slowdown > 1 ? ` (page CPU ×${slowdown})` : '';
    await page.goto(host.url); // the login link sets the session cookie
    await page.getByRole('status', { name: 'Connection' }).filter({ hasText: 'Connected' }).waitFor();
    await historyOnce(page, host, id); // warm-up: the host loads the index, the browser caches the bundle
    await page.waitForTimeout(1000);

    if (c.want('ui-history')) {
      const runs: Timed[] = [];
      for (let i = 0; i < c.runs; i++) runs.push(await historyOnce(page, host, id));
      const rowsShown = await page.locator(ROW).count();
      rows.push(row(`UI: History tab click → first rows painted (${repo.commits} commits)${cpu}`, '≤ 100 ms', runs.map((r) => r.ms), `${rowsShown} rows; ${split(runs)}`));
      c.log(`  history first paint ${split(runs)}`);
    }
    if (c.want('ui-scroll')) {
      const runs: Fling[] = [];
      for (let i = 0; i < c.runs; i++) {
        await historyOnce(page, host, id);
        runs.push(await fling(page));
      }
      rows.push(flingRow(`  … scroll frame work p95: 3 s fling at 125 rows/s from the top${cpu}`, runs));
      c.log(`  scroll p95 ${fmt(runs.map((r) => r.p95))} ms`);
    }
    if (c.want('ui-scroll-deep')) {
      // Deep in the history: tens of thousands of commits loaded, each fling crosses the loaded end (pages load during it).
      await historyOnce(page, host, id);
      const loaded = await loadAtLeast(page, DEEP_ROWS);
      const runs: Fling[] = [];
      for (let i = 0; i < c.runs; i++) {
        const end = await loadedRows(page);
        await page.locator(LIST).evaluate((el, top) => (el.scrollTop = top), (end - 200) * ROW_HEIGHT);
        runs.push(await fling(page));
      }
      rows.push(flingRow(`  … the same ${Math.round(loaded / 1000)}k commits deep, across the loaded end${cpu}`, runs));
      c.log(`  deep scroll p95 ${fmt(runs.map((r) => r.p95))} ms`);
    }
    if (c.want('ui-diff')) {
      await historyOnce(page, host, id);
      const runs: Timed[] = [];
      await diffOnce(page); // warm-up: the syntax parser's first load
      for (let i = 0; i < c.runs; i++) runs.push(await diffOnce(page));
      const long = `; longest task in the 3 s after ${fmt(runs.map((r) => r.longMs ?? NaN))} ms`;
      rows.push(row(`  … 20k-line diff: commit click → lines painted${cpu}`, '≤ 300 ms', runs.map((r) => r.ms), split(runs) + long));
      c.log(`  20k-line diff ${split(runs)}`);
    }
  } finally {
    await browser.close();
    await host.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
  return rows;
}
