// The benchmark's repositories, generated once into bench/.work/ and reused while
// GENERATOR_VERSION and the size stay the same.
import fs from 'node:fs';
import path from 'node:path';
import { GENERATOR_VERSION, type HistorySpec, fastImport, git, writeHistoryStream, writeTreeStream } from './generate';

export interface BenchRepos {
  history: string;
  commits: number;
  files: number;
  /** A path with a long history, for the file-history figure. */
  filePath: string;
  status5k: string;
  status50k: string;
}

function cached(dir: string, build: (dir: string) => void, log: (s: string) => void): string {
  // The marker sits beside the repository: inside a working tree it would show up in status.
  const done = `${dir}.ready`;
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(`${dir}.stream`, { force: true });
  const t = Date.now();
  log(`generating ${path.basename(dir)} …`);
  build(dir);
  fs.writeFileSync(done, new Date().toISOString());
  log(`  ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return dir;
}

function historyRepo(dir: string, spec: HistorySpec, bare = true): void {
  const stream = `${dir}.stream`;
  writeHistoryStream(spec, stream);
  fastImport(dir, stream, bare);
  fs.rmSync(stream, { force: true });
  // As a `git gc`'d clone would be: one pack with real delta chains, plus a commit-graph (native git at its best).
  git(dir, 'repack', '-adf', '-q', '--depth=50', '--window=10');
  git(dir, 'commit-graph', 'write', '--reachable');
  if (!bare) git(dir, 'reset', '-q', '--hard', 'main');
}

/**
 * The UI bench's workspace: 100k commits (same shape as the history repo) with a checked-out
 * tree, and near the tip a commit adding a 20k-line file.
 */
export function prepareUiRepo(workDir: string, quick: boolean, log: (s: string) => void): { dir: string; commits: number } {
  fs.mkdirSync(workDir, { recursive: true });
  const commits = quick ? 5_000 : 100_000;
  const spec: HistorySpec = { commits, files: 1_000, seed: 2, mergeEvery: 40, bigFile: { lines: 20_000, fromTop: 4 } };
  const dir = cached(path.join(workDir, `ui-${commits}-v${GENERATOR_VERSION}`), (d) => historyRepo(d, spec, false), log);
  return { dir, commits: Number(git(dir, 'rev-list', '--count', 'main').trim()) };
}

function treeRepo(dir: string, files: number, changes: number): void {
  const stream = `${dir}.stream`;
  writeTreeStream(files, 5, stream);
  fastImport(dir, stream);
  fs.rmSync(stream, { force: true });
  git(dir, 'reset', '-q', '--hard', 'main');
  const tracked = git(dir, 'ls-files').split('\n').filter(Boolean);
  // 60% edited, 20% deleted, 20% new untracked files.
  for (let i = 0; i < changes; i++) {
    const file = path.join(dir, tracked[(i * 7919) % tracked.length]!);
    if (i % 5 < 3) fs.appendFileSync(file, `local edit ${i}\n`);
    else if (i % 5 === 3) fs.rmSync(file, { force: true });
    else fs.writeFileSync(path.join(path.dirname(file), `new-${i}.txt`), `untracked ${i}\n`);
  }
  git(dir, 'status', '--porcelain'); // let git refresh the index's racy entries once, as a user's first status does
}

export function prepareRepos(workDir: string, quick: boolean, log: (s: string) => void): BenchRepos {
  fs.mkdirSync(workDir, { recursive: true });
  const spec: HistorySpec = quick
    ? { commits: 5_000, files: 800, seed: 1, mergeEvery: 40 }
    : { commits: 82_000, files: 1_000, seed: 1, mergeEvery: 40 };
  const v = `v${GENERATOR_VERSION}`;
  const history = cached(path.join(workDir, `history-${spec.commits}-${v}.git`), (d) => historyRepo(d, spec), log);
  const status5k = cached(path.join(workDir, `tree-5k-${v}`), (d) => treeRepo(d, 5_000, 0), log);
  const status50k = cached(path.join(workDir, `tree-${quick ? '10k' : '50k'}-${v}`), (d) => treeRepo(d, quick ? 10_000 : 50_000, 100), log);
  const files = git(history, 'ls-tree', '-r', '--name-only', 'main').split('\n').filter(Boolean);
  const commits = Number(git(history, 'rev-list', '--count', 'main').trim());
  // A file from the first commit that is still there (a frequently edited one, as the generator makes them).
  const root = git(history, 'rev-list', '--max-parents=0', 'main').trim().split('\n')[0]!;
  const original = new Set(git(history, 'ls-tree', '-r', '--name-only', root).split('\n'));
  const filePath = files.find((p) => original.has(p) && /^[\x20-\x7e]+$/.test(p)) ?? files[0]!;
  return { history, commits, files: files.length, filePath, status5k, status50k };
}
