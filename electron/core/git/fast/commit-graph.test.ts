import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../../test/support/repo';
import { CommitGraph } from './commit-graph';
import { openObjectStore } from './object-store';
import { walkPathHistory } from './path-history';
import { resolveRef } from './refs';
import { copyRepo, generatedRepo, git, logOids } from './test-fixtures';
import { parseCommitLinks } from './parse-commit';
import { type WalkEntry, walkCommits } from './walk';

let dir: string;

/** Every commit's tree, parents and committer time as git prints them. */
function linksFromCli(repo: string): Map<string, { tree: string; parents: string[]; time: number }> {
  const out = new Map<string, { tree: string; parents: string[]; time: number }>();
  for (const line of git(repo, 'log', '--all', '--format=%H %T %ct %P').split('\n').filter(Boolean)) {
    const [oid, tree, time, ...parents] = line.split(' ');
    out.set(oid!, { tree: tree!, parents: parents.filter(Boolean), time: Number(time) });
  }
  return out;
}

function commitFile(repo: string, name: string, text: string): void {
  fs.writeFileSync(path.join(repo, name), text);
  git(repo, 'add', name);
  git(repo, 'commit', '-q', '-m', `edit ${name}`);
}

function smallRepo(): string {
  const repo = tempDir('reposync-graph-');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'T');
  git(repo, 'config', 'user.email', 't@example.com');
  commitFile(repo, 'a.txt', 'a\n');
  return repo;
}

beforeAll(() => {
  dir = copyRepo(generatedRepo({ commits: 600, files: 80, seed: 7, mergeEvery: 10, unicode: true, edgeCases: true }));
  git(dir, 'repack', '-adf', '-q');
  git(dir, 'commit-graph', 'write', '--reachable');
}, 120_000);
afterAll(() => cleanupTempDirs());

describe('CommitGraph', () => {
  it('gives every commit the tree, parents and time git has for it', () => {
    const graph = CommitGraph.open(path.join(dir, '.git'))!;
    expect(graph).not.toBeNull();
    const want = linksFromCli(dir);
    expect(want.size).toBeGreaterThan(500);
    for (const [oid, links] of want) expect(graph.links(oid), oid).toEqual(links);
    expect(graph.links('0'.repeat(40))).toBeNull();
  });

  it('reads a chain of split layers, octopus merges, and leaves newer commits to the object store', () => {
    const repo = smallRepo();
    git(repo, 'commit-graph', 'write', '--reachable', '--split=no-merge');
    for (const b of ['x', 'y', 'z']) {
      git(repo, 'checkout', '-q', '-b', b, 'main');
      commitFile(repo, `${b}.txt`, `${b}\n`);
    }
    git(repo, 'checkout', '-q', 'main');
    commitFile(repo, 'm.txt', 'main\n');
    git(repo, 'merge', '-q', '-m', 'octopus', 'x', 'y', 'z');
    git(repo, 'commit-graph', 'write', '--reachable', '--split=no-merge');
    commitFile(repo, 'after.txt', 'not in the graph\n');
    const chain = fs.readFileSync(path.join(repo, '.git/objects/info/commit-graphs/commit-graph-chain'), 'utf8').trim().split('\n');
    expect(chain).toHaveLength(2);
    const graph = CommitGraph.open(path.join(repo, '.git'))!;
    const want = linksFromCli(repo);
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    expect(want.get(git(repo, 'rev-parse', 'HEAD~1').trim())!.parents).toHaveLength(4);
    for (const [oid, links] of want) expect(graph.links(oid), oid).toEqual(oid === head ? null : links);
  });

  it('is not used where git would not use it: shallow clones, core.commitGraph=false, no graph', () => {
    const repo = smallRepo();
    expect(CommitGraph.open(path.join(repo, '.git'))).toBeNull();
    git(repo, 'commit-graph', 'write', '--reachable');
    expect(CommitGraph.open(path.join(repo, '.git'))).not.toBeNull();
    git(repo, 'config', 'core.commitGraph', 'false');
    expect(CommitGraph.open(path.join(repo, '.git'))).toBeNull();
    git(repo, 'config', 'core.commitGraph', 'true');
    fs.writeFileSync(path.join(repo, '.git/shallow'), `${git(repo, 'rev-parse', 'HEAD').trim()}\n`);
    expect(CommitGraph.open(path.join(repo, '.git'))).toBeNull();
  });

  it('refuses a damaged file with a clear error', () => {
    const repo = smallRepo();
    git(repo, 'commit-graph', 'write', '--reachable');
    const file = path.join(repo, '.git/objects/info/commit-graph');
    const buf = fs.readFileSync(file);
    buf[buf.length - 30] = buf[buf.length - 30]! ^ 0xff;
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, buf);
    expect(() => CommitGraph.open(path.join(repo, '.git'))).toThrow(/Corrupt Git data: commit-graph .* bad checksum/);
    // A walk the graph only speeds up reads the commits instead.
    expect(CommitGraph.tryOpen(path.join(repo, '.git'))).toBeNull();
    const store = openObjectStore(path.join(repo, '.git'));
    try {
      expect([...walkPathHistory(store, [resolveRef(path.join(repo, '.git'), 'HEAD')!], 'a.txt')].map((c) => c.oid)).toEqual(logOids(repo, 'HEAD', '--', 'a.txt'));
    } finally {
      store.close();
    }
  });
});

describe('walkPathHistory with a commit-graph', () => {
  it('shows what git log -- <path> shows, for files, folders and paths that never existed', () => {
    const gitdir = path.join(dir, '.git');
    const store = openObjectStore(gitdir);
    const files = git(dir, '-c', 'core.quotepath=off', 'ls-tree', '-r', '-z', '--name-only', 'main').split('\0').filter(Boolean);
    const head = resolveRef(gitdir, 'main')!;
    try {
      for (const p of [files[0]!, files[5]!, files[files.length - 1]!, 'core', 'alpha/beta', 'thing', 'no/such/path']) {
        const withGraph = [...walkPathHistory(store, [head], p)].map((c) => c.oid);
        const without = [...walkPathHistory(store, [head], p, { graph: null })].map((c) => c.oid);
        expect(withGraph, p).toEqual(logOids(dir, 'main', '--', p));
        expect(without, p).toEqual(withGraph);
      }
    } finally {
      store.close();
    }
  });

  it("walks the graph's commits by position and newer ones by id, in git's order, with or without a path", () => {
    const repo = copyRepo(dir);
    const at = (rev: string): string => git(repo, 'rev-parse', rev).trim();
    const commit = (tree: string, ...parents: string[]): string =>
      git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', 'after the graph').trim();
    // Made after the graph was written: a merge of main and topic whose tree undoes some of main, then one more.
    const merge = commit(at('main~3^{tree}'), at('main'), at('topic'));
    const tip = commit(at('main~7^{tree}'), merge);
    const gitdir = path.join(repo, '.git');
    const store = openObjectStore(gitdir);
    const graph = CommitGraph.open(gitdir)!;
    try {
      expect(graph.positionOf(tip)).toBe(-1);
      expect(graph.positionOf(at('main'))).toBeGreaterThanOrEqual(0);
      const ids = (walk: Iterable<WalkEntry>): string[] => [...walk].map((c) => c.oid);
      const old = logOids(repo, 'main')[300]!;
      expect(ids(walkCommits(store, [tip], { graph }))).toEqual(logOids(repo, tip));
      expect(ids(walkCommits(store, [tip], { graph, firstParent: true }))).toEqual(logOids(repo, '--first-parent', tip));
      expect(ids(walkCommits(store, [old, tip, at('topic')], { graph }))).toEqual(logOids(repo, old, tip, at('topic')));
      const files = git(repo, '-c', 'core.quotepath=off', 'ls-tree', '-r', '-z', '--name-only', 'main').split('\0').filter(Boolean);
      for (const p of [files[0]!, files[5]!, files[files.length - 1]!, 'core', 'alpha/beta', 'thing', 'no/such/path']) {
        const shown = [...walkPathHistory(store, [tip], p, { graph })];
        expect(shown.map((c) => c.oid), p).toEqual(logOids(repo, tip, '--', p));
        // The shown commits' ids, trees and parents, made from the graph's positions, are the objects' own.
        for (const c of shown) expect(parseCommitLinks(c.raw), c.oid).toMatchObject({ tree: c.tree, parents: c.parents });
        expect(ids(walkPathHistory(store, [tip], p, { graph, firstParent: true })), p).toEqual(logOids(repo, '--first-parent', tip, '--', p));
      }
    } finally {
      store.close();
    }
  });

  it('notices a graph that disagrees with the commits it describes', () => {
    const repo = smallRepo();
    commitFile(repo, 'b.txt', 'b\n');
    git(repo, 'commit-graph', 'write', '--reachable');
    const file = path.join(repo, '.git/objects/info/commit-graph');
    const buf = fs.readFileSync(file);
    // Rewrite HEAD's tree id in its commit data row, with a valid checksum: only the object can tell.
    const tree = Buffer.from(git(repo, 'rev-parse', 'HEAD^{tree}').trim(), 'hex');
    const other = Buffer.from(git(repo, 'rev-parse', 'HEAD~1^{tree}').trim(), 'hex');
    const at = buf.indexOf(tree);
    expect(at).toBeGreaterThan(0);
    other.copy(buf, at);
    createHash('sha1').update(buf.subarray(0, buf.length - 20)).digest().copy(buf, buf.length - 20);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, buf);
    const store = openObjectStore(path.join(repo, '.git'));
    try {
      const walk = walkCommits(store, [resolveRef(path.join(repo, '.git'), 'HEAD')!], { graph: CommitGraph.open(path.join(repo, '.git')) });
      expect(() => [...walk].map((c) => c.raw)).toThrow(/commit-graph disagrees/);
    } finally {
      store.close();
    }
  });
});
