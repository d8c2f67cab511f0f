import { execFileSync } from 'node:child_process';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from '@playwright/test';
import { invoke, type RunningHost } from '../support/host';
import { gitCli, tempDir } from '../../test/support/repo';

/**
 * Repositories and helpers for the history and diff specs: a long history made in one go with
 * `git fast-import` (merges, a rename, a big file, an image, a mode change, a file without a
 * final newline), then checked against the git CLI.
 */

/** A small PNG of a diagonal gradient in the given colour (real bytes, so the browser can draw it). */
export function gradientPng(size: number, rgb: [number, number, number]): Buffer {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const k = (x + y) / (2 * size);
      const at = y * (size * 3 + 1) + 1 + x * 3;
      raw[at] = Math.round(rgb[0] * k + 255 * (1 - k));
      raw[at + 1] = Math.round(rgb[1] * k + 255 * (1 - k));
      raw[at + 2] = Math.round(rgb[2] * k + 255 * (1 - k));
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const AUTHORS = ['Ada Lovelace <ada@example.com>', 'Grace Hopper <grace@example.com>', 'Linus Example <linus@example.org>'];

/** The subjects of special commits, newest first in the history. */
export const SPECIAL = {
  big: 'Add the big data export',
  image: 'Brighten the logo',
  rename: 'Rename the guide to manual',
  mode: 'Make the run script executable',
  whitespace: 'Reindent the helpers',
} as const;

export const BIG_LINES = 20_000;

class Stream {
  private parts: Buffer[] = [];
  private mark = 0;
  private time = 1_700_000_000;
  text(s: string): void {
    this.parts.push(Buffer.from(s, 'utf8'));
  }
  data(content: Buffer | string): void {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    this.text(`data ${bytes.length}\n`);
    this.parts.push(bytes, Buffer.from('\n'));
  }
  /** Writes a commit on `ref` and returns its mark. */
  commit(ref: string, message: string, author: number, from: number | null, ops: string[] | ((s: Stream) => void), merge?: number): number {
    const mark = ++this.mark;
    this.time += 60;
    const who = AUTHORS[author % AUTHORS.length]!;
    this.text(`commit ${ref}\nmark :${mark}\nauthor ${who} ${this.time} +0100\ncommitter ${who} ${this.time} +0100\n`);
    this.data(message);
    if (from !== null) this.text(`from :${from}\n`);
    if (merge !== undefined) this.text(`merge :${merge}\n`);
    if (typeof ops === 'function') ops(this);
    else for (const op of ops) this.text(op);
    this.text('\n');
    return mark;
  }
  file(path: string, content: Buffer | string, mode = '100644'): void {
    this.text(`M ${mode} inline ${path}\n`);
    this.data(content);
  }
  buffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/**
 * `count` commits on main (plus a merged feature branch every 100 commits); the special
 * commits sit near the top so the first page shows them.
 */
export function makeLongHistory(count: number): string {
  const dir = tempDir();
  gitCli(dir, 'init', '-q', '-b', 'main');
  const s = new Stream();
  const lines = new Map<string, string[]>();
  const touch = (file: string, line: string) => {
    const content = lines.get(file) ?? [];
    content.push(line);
    lines.set(file, content);
    s.file(file, content.join('\n') + '\n');
  };
  let head: number | null = s.commit('refs/heads/main', 'Initial commit\n\nStart the project.', 0, null, (st) => {
    st.file('README.md', '# Long history\n');
    st.file('docs/guide.md', '# Guide\n\nHow to use it.\nStep one.\nStep two.\n');
    st.file('scripts/run.sh', '#!/bin/sh\necho run\n');
    st.file('notes.txt', 'first note');
    st.file('src/helpers.js', 'function add(a, b) {\n  return a + b;\n}\n');
    st.file('assets/logo.png', gradientPng(48, [9, 105, 218]));
  });
  const special = count - 12;
  for (let i = 1; i < count; i++) {
    const file = `src/file${i % 20}.txt`;
    const subject = i % 300 === 7 ? `Security: rotate keys (#${i})` : i % 37 === 0 ? `fix: parser crash in module ${i % 20} (#${i})` : `Update file ${i % 20} (#${i})`;
    if (i % 100 === 95) {
      // A feature branch of two commits merged back, interleaved in time with main's commits.
      const f1 = s.commit('refs/heads/feature', `Feature work ${i} part 1`, 1, head, (st) => touchOn(st, `feature/f${i}.txt`, 'one'));
      head = s.commit('refs/heads/main', subject, i, head, () => touch(file, `line ${i}`));
      const f2 = s.commit('refs/heads/feature', `Feature work ${i} part 2`, 1, f1, (st) => touchOn(st, `feature/f${i}.txt`, 'one\ntwo'));
      head = s.commit('refs/heads/main', `Polish before merging (#${i})`, 2, head, () => touch('src/extra.txt', `polish ${i}`));
      head = s.commit('refs/heads/main', `Merge branch 'feature' (#${i})`, 0, head, [], f2);
      continue;
    }
    if (i === special) head = s.commit('refs/heads/main', SPECIAL.rename, 2, head, ['R docs/guide.md docs/manual.md\n']);
    else if (i === special + 1) head = s.commit('refs/heads/main', SPECIAL.mode, 1, head, (st) => st.file('scripts/run.sh', '#!/bin/sh\necho run fast\n', '100755'));
    else if (i === special + 2) head = s.commit('refs/heads/main', SPECIAL.image, 0, head, (st) => st.file('assets/logo.png', gradientPng(48, [26, 127, 55])));
    else if (i === special + 3)
      head = s.commit('refs/heads/main', SPECIAL.whitespace, 2, head, (st) => {
        st.file('src/helpers.js', 'function add(a, b) {\n    return a + b;\n}\n');
        st.file('notes.txt', 'first note\nsecond note');
      });
    else if (i === special + 4) {
      const big = Array.from({ length: BIG_LINES }, (_, n) => `row ${n + 1}, value ${(n * 7919) % 100_000}, ${'x'.repeat(40)}`).join('\n') + '\n';
      head = s.commit('refs/heads/main', `${SPECIAL.big}\n\nTwenty thousand rows, over a megabyte.`, 0, head, (st) => st.file('data/big.csv', big));
    } else head = s.commit('refs/heads/main', subject, i, head, () => touch(file, `line ${i}`));
  }
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: s.buffer() });
  gitCli(dir, 'checkout', '-q', '-f', 'main');
  return dir;
}

function touchOn(st: Stream, file: string, content: string): void {
  st.file(file, content + '\n');
}

/** Adds a workspace through the host's HTTP API (bearer token) and returns its id. */
export async function addWorkspace(host: RunningHost, dir: string): Promise<string> {
  return (await invoke<{ id: string }>(host, 'workspaces.add', { path: dir, name: path.basename(dir) })).id;
}

/** Opens the History tab of a workspace (the login link first, so the cookie is set). */
export async function openHistory(page: Page, host: RunningHost, workspaceId: string): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('status', { name: 'Connection' }).waitFor();
  await page.goto(`${host.origin}/#/workspaces/${encodeURIComponent(workspaceId)}/history`);
  await page.getByRole('listbox', { name: 'Commits' }).waitFor();
}

export function gitLines(dir: string, ...args: string[]): string[] {
  return gitCli(dir, ...args).split('\n').filter(Boolean);
}

/** Light and dark screenshots; reduced motion so no colour transition is caught half-way. */
export async function shotBoth(page: Page, shot: (name: string) => Promise<void>, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.waitForTimeout(100);
    await shot(`${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
