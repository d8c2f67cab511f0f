import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDir, writeFile } from '../../../test/support/repo';

/** Test-only: builds repositories with the real git CLI, with chosen authors and dates. */

export interface Who {
  name: string;
  email: string;
}

export function git(dir: string, args: string[], opts: { time?: number; who?: Who; input?: string } = {}): string {
  const who = opts.who ?? { name: 'Test Author', email: 'author@example.test' };
  const date = opts.time !== undefined ? `@${opts.time} +0200` : undefined;
  return execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    input: opts.input,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_COMMITTER_NAME: 'Committer',
      GIT_COMMITTER_EMAIL: 'committer@example.test',
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: os.tmpdir(),
    },
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
}

export function gitBytes(dir: string, args: string[]): Buffer {
  return execFileSync('git', args, { cwd: dir, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: os.tmpdir() } });
}

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AUTHORS: Who[] = [
  { name: 'Alice Example', email: 'alice@example.test' },
  { name: 'Bob Builder', email: 'bob@builders.test' },
  { name: 'Zoë Ünicode', email: 'zoe@example.test' },
];
const WORDS = ['Fix', 'feature', 'refactor', 'Docs', 'cleanup', 'BUGFIX', 'release', 'tweak'];
const POOL = ['README.md', 'src/a.txt', 'src/b.txt', 'src/deep/c.txt', 'src/deep/d.txt', 'docs/guide.md', 'ünï/日本語.txt', 'ünï/space name.txt', 'top.txt'];

export interface HistoryFixture {
  dir: string;
  /** Paths worth asking file history for (files, folders, deleted ones). */
  paths: string[];
}

/**
 * A history with branches, merges (with and without side-branch changes to the same paths),
 * renames, deletes, folders, unicode names, equal commit times and clock skew.
 */
export function makeHistory(seed: number, steps = 70): HistoryFixture {
  const dir = tempDir('reposync-history-');
  const r = rng(seed);
  git(dir, ['init', '-q', '-b', 'main']);
  let time = 1_600_000_000;
  let n = 0;
  const branches = ['main'];
  let current = 'main';
  const lines = (file: string): string[] => {
    const full = path.join(dir, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8').split('\n') : [];
  };
  const commit = (): void => {
    n++;
    const who = AUTHORS[Math.floor(r() * AUTHORS.length)]!;
    const subject = `${WORDS[Math.floor(r() * WORDS.length)]} step ${n}`;
    const msg = r() < 0.4 ? `${subject}\n\nBody of ${n} mentions ${WORDS[Math.floor(r() * WORDS.length)]}.\nSecond line.\n` : subject;
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--allow-empty', '-F', '-'], { time, who, input: msg });
  };
  const merge = (other: string): void => {
    try {
      git(dir, ['merge', '-q', '--no-ff', '-X', 'theirs', '-m', `Merge ${other} into ${current}`, other], { time });
    } catch {
      // A modify/delete conflict: keep what the working tree holds and conclude the merge anyway.
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '--no-edit'], { time });
    }
  };
  const tick = (): void => {
    const x = r();
    // Equal times and clocks going backwards are what make git's ordering subtle.
    time += x < 0.3 ? 0 : x < 0.45 ? -90 : 60 + Math.floor(r() * 600);
  };

  for (const f of POOL.slice(0, 6)) writeFile(dir, f, Array.from({ length: 20 }, (_, i) => `${f} line ${i}`).join('\n') + '\n');
  commit();
  for (let step = 0; step < steps; step++) {
    tick();
    const x = r();
    if (x < 0.08 && branches.length < 4) {
      const name = `topic-${step}`;
      git(dir, ['checkout', '-q', '-b', name]);
      branches.push(name);
      current = name;
    } else if (x < 0.22 && branches.length > 1) {
      current = branches[Math.floor(r() * branches.length)]!;
      git(dir, ['checkout', '-q', current]);
    } else if (x < 0.42 && branches.length > 1) {
      merge(branches.filter((b) => b !== current)[Math.floor(r() * (branches.length - 1))]!);
    } else {
      const edits = 1 + Math.floor(r() * 3);
      for (let e = 0; e < edits; e++) {
        const file = POOL[Math.floor(r() * POOL.length)]!;
        const y = r();
        const exists = fs.existsSync(path.join(dir, file));
        if (exists && y < 0.08) fs.rmSync(path.join(dir, file));
        else if (exists && y < 0.2) {
          // Renames: back into the pool when a slot is free, else out to a new folder.
          const free = POOL.filter((p) => !fs.existsSync(path.join(dir, p)));
          const target = free.length > 0 && r() < 0.5 ? free[0]! : `moved/${step}-${path.basename(file)}`;
          fs.mkdirSync(path.dirname(path.join(dir, target)), { recursive: true });
          fs.renameSync(path.join(dir, file), path.join(dir, target));
          if (r() < 0.5) fs.appendFileSync(path.join(dir, target), `tail ${step}\n`);
        } else {
          const ls = lines(file);
          const at = Math.floor(r() * (ls.length + 1));
          ls.splice(at, r() < 0.5 ? 1 : 0, `edit ${step}.${e}`);
          writeFile(dir, file, ls.join('\n'));
        }
      }
      commit();
    }
  }
  git(dir, ['checkout', '-q', 'main']);
  current = 'main';
  for (const b of branches.slice(1)) {
    time += 60;
    merge(b);
  }
  return { dir, paths: ['src', 'src/a.txt', 'src/deep', 'src/deep/c.txt', 'docs/guide.md', 'ünï', 'ünï/日本語.txt', 'README.md', 'top.txt', 'moved', 'nothing/here'] };
}
