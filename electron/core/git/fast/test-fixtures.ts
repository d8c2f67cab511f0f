// Test-only helpers: repositories generated with git fast-import, and the git CLI as the reference.
import fs from 'node:fs';
import path from 'node:path';
import { type HistorySpec, fastImport, git, writeHistoryStream } from '../../../../bench/generate';
import { tempDir } from '../../../../test/support/repo';

export { git };

export const SPEC: HistorySpec = { commits: 3000, files: 300, seed: 42, mergeEvery: 15, unicode: true, edgeCases: true };

/** A non-bare repo with the generated history on main, topic, v1.0 (annotated) and light. */
export function generatedRepo(spec: HistorySpec = SPEC): string {
  const dir = tempDir('reposync-fast-');
  const stream = path.join(dir, '..', `${path.basename(dir)}.stream`);
  writeHistoryStream(spec, stream);
  fastImport(dir, stream);
  fs.rmSync(stream, { force: true });
  return dir;
}

export function copyRepo(src: string): string {
  const dir = tempDir('reposync-fast-copy-');
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

export interface CliObject {
  oid: string;
  type: string;
  data: Buffer;
}

/** Every object of the repository, read by `git cat-file --batch-all-objects --batch`. */
export function allObjectsFromCli(dir: string): CliObject[] {
  const raw = git.raw(dir, 'cat-file', '--batch-all-objects', '--batch', '--unordered');
  const out: CliObject[] = [];
  let pos = 0;
  while (pos < raw.length) {
    const eol = raw.indexOf(0x0a, pos);
    const [oid, type, size] = raw.toString('latin1', pos, eol).split(' ');
    const start = eol + 1;
    const end = start + Number(size);
    out.push({ oid: oid!, type: type!, data: raw.subarray(start, end) });
    pos = end + 1;
  }
  return out;
}

/** `git log --format=%H <args>`, as a list. */
export function logOids(dir: string, ...args: string[]): string[] {
  return git(dir, 'log', '--format=%H', ...args).split('\n').filter(Boolean);
}

/** Paths each commit touched vs its first parent (merges included), as git prints them. */
export function namesFromCli(dir: string, ...revs: string[]): Map<string, string[]> {
  const raw = git(dir, '-c', 'core.quotepath=off', 'log', '--diff-merges=first-parent', '--name-only', '--no-renames', '-z', '--format=%x01%H', ...revs);
  const out = new Map<string, string[]>();
  for (const record of raw.split('\x01')) {
    if (!record) continue;
    const [oid, ...rest] = record.split('\0');
    out.set(oid!, rest.map((p) => p.replace(/^\n/, '')).filter(Boolean));
  }
  return out;
}

/** Deterministic bytes (xorshift), each below `alphabet`: a failure reproduces. */
export function pseudoRandomBytes(seed: number, n: number, alphabet = 256): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % alphabet;
  }
  return out;
}
