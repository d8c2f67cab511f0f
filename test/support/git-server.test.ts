import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gitAsync as gitTry, gitOk, startGitServer, type GitServer } from './git-server';
import { cleanupTempDirs, gitCli, tempDir, writeFile } from './repo';

function withCreds(url: string, user: string, pass: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = pass;
  return u.toString();
}

afterAll(cleanupTempDirs);

describe('test git server (git CLI as the client)', () => {
  let server: GitServer;
  beforeAll(async () => {
    server = await startGitServer();
  });
  afterAll(() => server.close());
  afterEach(() => Object.assign(server.faults, { cutAfterBytes: null, status500: false, delayMs: 0, rejectPushes: false, advertiseThenDie: false, hangMs: 0 }));

  it('serves clones and persists pushes', async () => {
    server.createBareRepo('site', { files: { 'index.html': '<p>hi</p>\n', 'docs/ü.md': 'x\n' }, branch: 'trunk' });
    const work = tempDir();
    await gitOk(work, 'clone', '-q', server.repoUrl('site'), 'c');
    const clone = path.join(work, 'c');
    expect(fs.readFileSync(path.join(clone, 'index.html'), 'utf8')).toBe('<p>hi</p>\n');
    expect(gitCli(clone, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('trunk');
    writeFile(clone, 'new.txt', 'new\n');
    gitCli(clone, 'add', '-A');
    gitCli(clone, 'commit', '-q', '-m', 'second');
    await gitOk(clone, 'push', '-q', 'origin', 'trunk');
    const bare = server.repoDir('site');
    expect(gitCli(bare, 'log', '--format=%s', 'trunk').trim().split('\n')).toEqual(['second', 'initial commit']);
    gitCli(bare, 'fsck', '--full');
    expect(server.requests).toBeGreaterThan(0);
  });

  it('adds commits from outside with commitToRepo and makes empty repositories', async () => {
    server.createBareRepo('empty', { files: {} });
    expect((await gitTry(server.repoDir('empty'), 'rev-parse', '--verify', '-q', 'refs/heads/main')).status).not.toBe(0);
    server.createBareRepo('more');
    const oid = server.commitToRepo('more', { 'b.txt': 'b\n', 'README.md': null }, 'outside change');
    expect(gitCli(server.repoDir('more'), 'rev-parse', 'main').trim()).toBe(oid);
    expect(gitCli(server.repoDir('more'), 'ls-tree', '--name-only', 'main').trim()).toBe('b.txt');
  });

  it('rejects pushes from the pre-receive hook when asked, with the message', async () => {
    server.createBareRepo('locked');
    const work = tempDir();
    await gitOk(work, 'clone', '-q', server.repoUrl('locked'), 'c');
    const clone = path.join(work, 'c');
    writeFile(clone, 'x.txt', 'x\n');
    gitCli(clone, 'add', '-A');
    gitCli(clone, 'commit', '-q', '-m', 'x');
    server.faults.rejectPushes = 'Branch is frozen for release\n';
    const res = await gitTry(clone, 'push', 'origin', 'main');
    expect(res.status).not.toBe(0);
    expect(res.out).toContain('Branch is frozen for release');
    expect(gitCli(server.repoDir('locked'), 'log', '--format=%s', 'main').trim()).toBe('initial commit');
    server.faults.rejectPushes = false;
    expect((await gitTry(clone, 'push', 'origin', 'main')).status).toBe(0);
  });

  it('answers 500, cuts packs short and dies after the advertisement when told to', async () => {
    server.createBareRepo('faulty', { files: { 'big.bin': 'x'.repeat(1) + Array.from({ length: 20000 }, (_, i) => `${i}-${Math.sin(i)}`).join('\n') } });
    const work = tempDir();
    server.faults.status500 = true;
    expect((await gitTry(work, 'clone', server.repoUrl('faulty'), 'a')).out).toMatch(/500/);
    server.faults.status500 = false;

    server.faults.cutAfterBytes = 2000;
    expect((await gitTry(work, 'clone', server.repoUrl('faulty'), 'b')).status).not.toBe(0);
    server.faults.cutAfterBytes = null;

    server.faults.advertiseThenDie = true;
    expect((await gitTry(work, 'clone', server.repoUrl('faulty'), 'c')).status).not.toBe(0);
    server.faults.advertiseThenDie = false;
    expect((await gitTry(work, 'clone', server.repoUrl('faulty'), 'd')).status).toBe(0);
  });
});

describe('test git server with auth and read-only mode', () => {
  it('requires the token and accepts the right one', async () => {
    const server = await startGitServer({ auth: { username: 'alice', token: 's3cret-token' } });
    try {
      server.createBareRepo('private');
      const work = tempDir();
      const denied = await gitTry(work, 'clone', withCreds(server.repoUrl('private'), 'alice', 'wrong-token'), 'a');
      expect(denied.status).not.toBe(0);
      expect(denied.out).toMatch(/Authentication failed|401/);
      expect((await gitTry(work, 'clone', withCreds(server.repoUrl('private'), 'bob', 's3cret-token'), 'b')).status).not.toBe(0);
      expect((await gitTry(work, 'clone', withCreds(server.repoUrl('private'), 'alice', 's3cret-token'), 'c')).status).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('serves reads but refuses pushes when read-only', async () => {
    const server = await startGitServer({ readOnly: true });
    try {
      server.createBareRepo('ro');
      const work = tempDir();
      await gitOk(work, 'clone', '-q', server.repoUrl('ro'), 'c');
      const clone = path.join(work, 'c');
      writeFile(clone, 'x.txt', 'x\n');
      gitCli(clone, 'add', '-A');
      gitCli(clone, 'commit', '-q', '-m', 'x');
      const res = await gitTry(clone, 'push', 'origin', 'main');
      expect(res.status).not.toBe(0);
      expect(res.out).toMatch(/403/);
    } finally {
      await server.close();
    }
  });
});
