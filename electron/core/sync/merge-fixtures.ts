import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../../../shared/domain';
import { gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import type { OperationContext } from '../operations';
import { createServices, type CoreServices } from '../services';
import { createMemorySettingsStore } from '../settings-store';
import { pullWorkspace, type Fetcher, type PullCallOptions } from './pull';

/** Test-only helpers for the merge tests: an "upstream" repo, a clone of it, and exact state hashes. */
export const AUTHOR = { name: 'Robin Sync', email: 'robin@example.test' };

export interface Pair {
  upstream: string;
  local: string;
  services: CoreServices;
  ws: Workspace;
}

export async function makePair(files: Record<string, string | Buffer>, branch = 'main'): Promise<Pair> {
  const upstream = makeRepo({}, branch);
  for (const [rel, content] of Object.entries(files)) writeFile(upstream, rel, content);
  gitCli(upstream, 'add', '-A');
  gitCli(upstream, 'commit', '-q', '-m', 'initial commit');
  const local = path.join(tempDir('reposync-local-'), 'work');
  gitCli(path.dirname(local), 'clone', '-q', upstream, local);
  gitCli(local, 'config', 'user.name', 'Test Author');
  gitCli(local, 'config', 'user.email', 'author@example.test');
  const services = createServices({ home: tempDir('reposync-home-'), mode: 'host', version: '0.0.0', store: createMemorySettingsStore() });
  const ws = await services.workspaces.add({ path: local, author: AUTHOR });
  return { upstream, local, services, ws };
}

/** Commit files to a repo with the git CLI; `null` deletes. Returns the new HEAD. */
export function commitFiles(dir: string, files: Record<string, string | Buffer | null>, message = 'change'): string {
  for (const [rel, content] of Object.entries(files)) {
    if (content === null) gitCli(dir, 'rm', '-q', '-r', '--', rel);
    else writeFile(dir, rel, content);
  }
  gitCli(dir, 'add', '-A');
  gitCli(dir, 'commit', '-q', '-m', message);
  return gitCli(dir, 'rev-parse', 'HEAD').trim();
}

/** The network part replaced by native git: fetch origin into refs/remotes/origin/<branch>. */
export const gitFetch: Fetcher = async (_services, ws) => {
  gitCli(ws.path, 'fetch', '-q', 'origin');
  const remoteOid = gitCli(ws.path, 'rev-parse', '--verify', '-q', `refs/remotes/origin/${ws.branch}`).trim() || null;
  return { remoteOid, updated: true };
};

export function testContext(): OperationContext {
  return { id: 'test', signal: new AbortController().signal, progress: () => undefined };
}

export function pull(p: Pair, options: PullCallOptions = {}) {
  return pullWorkspace(p.services, p.ws, options, testContext(), gitFetch);
}

function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = fs.lstatSync(path.join(root, r));
    if (st.isDirectory()) out.push(`${r}/`, ...listFiles(root, r));
    else out.push(r);
  }
  return out;
}

/**
 * Everything a user could see, hashed byte for byte: each working file (content, mode, symlink
 * target), HEAD, the branch refs and packed-refs, and the index. `.git/objects` (new objects are
 * invisible), `.git/reposync`, backups and the listed ref folders are left out.
 */
export function stateHash(dir: string, options: { excludeRefs?: string[]; withIndex?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const h = (b: Buffer | string) => createHash('sha1').update(b).digest('hex');
  for (const f of listFiles(dir).filter((f) => !f.startsWith('.git/'))) {
    if (f.endsWith('/')) out[f] = 'dir';
    else {
      const full = path.join(dir, f);
      const st = fs.lstatSync(full);
      out[f] = st.isSymbolicLink() ? `link:${fs.readlinkSync(full)}` : `${(st.mode & 0o777).toString(8)}:${h(fs.readFileSync(full))}`;
    }
  }
  const gitdir = path.join(dir, '.git');
  const skip = ['refs/reposync/', ...(options.excludeRefs ?? [])];
  for (const f of listFiles(gitdir, 'refs')) if (!f.endsWith('/') && !skip.some((s) => f.startsWith(s))) out[`.git/${f}`] = fs.readFileSync(path.join(gitdir, f), 'utf8');
  for (const f of ['HEAD', 'packed-refs', 'MERGE_HEAD']) if (fs.existsSync(path.join(gitdir, f))) out[`.git/${f}`] = fs.readFileSync(path.join(gitdir, f), 'utf8');
  if (options.withIndex !== false && fs.existsSync(path.join(gitdir, 'index'))) out['.git/index'] = h(fs.readFileSync(path.join(gitdir, 'index')));
  return out;
}

export function fsck(dir: string): string {
  return gitCli(dir, 'fsck', '--full', '--no-progress', '--strict');
}

export function porcelain(dir: string): string[] {
  return gitCli(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).sort();
}

export function parents(dir: string, rev = 'HEAD'): string[] {
  return gitCli(dir, 'show', '-s', '--format=%P', rev).trim().split(' ').filter(Boolean);
}

export function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

export { gitCli, writeFile };
