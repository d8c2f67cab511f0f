import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gitCli } from '../support/repo';

/**
 * Everything a user could lose, reduced to comparable strings: every ref (HEAD included), the
 * exact bytes of the index and every working file (path, kind, exec bit, content hash).
 */
export interface RepoState {
  refs: string;
  head: string;
  index: string;
  /** The index as git reads it (mode, oid, stage, path), without the stat cache. */
  staged: string;
  worktree: string;
}

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Hash of the working tree outside `.git`: one line per entry, sorted. */
export function hashWorktree(dir: string): string {
  const lines: string[] = [];
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel))) {
      if (!rel && name === '.git') continue;
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, r);
      const st = fs.lstatSync(full);
      if (st.isDirectory()) walk(r);
      else if (st.isSymbolicLink()) lines.push(`${r} link ${fs.readlinkSync(full)}`);
      else lines.push(`${r} ${st.mode & 0o111 ? 'x' : '-'} ${sha(fs.readFileSync(full))}`);
    }
  };
  walk('');
  return sha(lines.sort().join('\n'));
}

export function readState(dir: string): RepoState {
  const indexFile = path.join(dir, '.git', 'index');
  let head: string;
  try {
    head = fs.readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8').trim();
  } catch {
    head = 'none';
  }
  return {
    refs: gitCli(dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    head,
    index: fs.existsSync(indexFile) ? sha(fs.readFileSync(indexFile)) : 'none',
    staged: sha(gitCli(dir, 'ls-files', '--stage')),
    worktree: hashWorktree(dir),
  };
}

/** Refs of a bare repository (the server side). */
export function readRefs(bareDir: string): string {
  return gitCli(bareDir, 'for-each-ref', '--format=%(refname) %(objectname)');
}

/** Throws (with git's complaint) when `git fsck --full` finds anything wrong. */
export function assertFsck(dir: string): void {
  gitCli(dir, 'fsck', '--full', '--no-progress');
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same sweep and kill points. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The run's seed: `RELIABILITY_SEED` when set (to replay a failure), else a fixed default. */
export function runSeed(defaultSeed: number): number {
  const raw = process.env.RELIABILITY_SEED;
  return raw && /^\d+$/.test(raw) ? Number(raw) : defaultSeed;
}

/**
 * Near-incompressible text (random printable ASCII: zlib keeps ~80% of it) so a pack has a real
 * size to cut into.
 */
export function noise(rand: () => number, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += String.fromCharCode(33 + Math.floor(rand() * 94));
  return `${out}\n`;
}

/** Bytes a pack of `noise` of this raw size surely exceeds (deflate keeps about 82% of it). */
export const packFloor = (rawBytes: number) => Math.floor(rawBytes * 0.78);

/** Print the figures and keep them under test-results/reliability/ for docs/reliability.md. */
export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  const dir = path.join(process.cwd(), 'test-results', 'reliability');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${suite}.json`), `${JSON.stringify({ suite, at: new Date().toISOString(), ...figures }, null, 2)}\n`);
  console.log(`[reliability] ${suite}: ${JSON.stringify(figures)}`);
}
