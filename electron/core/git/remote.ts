import type { GitAuth } from 'isomorphic-git';
import { ReposyncError, toReposyncError } from '../errors';
import type { Credentials } from '../credentials';
import { redactText } from '../redact';
import { fetchFs } from './fetch-fs';
import { runGitTask, warmGitWorker } from '../workers/pool';
import { cacheFor, fs, git } from './git';
import { sharedStore } from './shared-store';
import { type RecordedResponse, Transport } from './http-client';
import { readRefOid, resolveRefOrNull, setRef, trackingRef } from './refs';

/**
 * Every network call of the engine: one isomorphic-git call per verb, through one Transport that
 * honours cancel and timeouts, with credentials from the provider (never from the URL or config).
 */
export interface RemoteSession {
  /** A checked http(s) URL without credentials (see remote-url.ts). */
  url: string;
  credentials: Credentials | null;
  signal?: AbortSignal;
  idleTimeoutMs: number;
  onProgress?: (phase: string, loaded: number, total: number | null) => void;
  /** Ref advertisements received so far in this operation (see TransportOptions.advertisements). */
  advertisements?: Map<string, RecordedResponse>;
}

interface Wired {
  http: Transport;
  onAuth: () => GitAuth | undefined;
  onAuthFailure: () => undefined;
  onProgress: (e: { phase: string; loaded: number; total: number }) => void;
}

function wire(s: RemoteSession, onSent?: () => void): Wired {
  return {
    http: new Transport({ signal: s.signal, idleTimeoutMs: s.idleTimeoutMs, advertisements: (s.advertisements ??= new Map()), onSent }),
    onAuth: () => (s.credentials ? { username: s.credentials.username, password: s.credentials.password } : undefined),
    // Giving up at the first refusal: asking again with the same token would only loop.
    onAuthFailure: () => undefined,
    onProgress: (e) => s.onProgress?.(e.phase, e.loaded, e.total || null),
  };
}

/** Run one network call and turn whatever it throws into the error the user should see. */
async function call<T>(s: RemoteSession, w: Wired, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw explain(s, w, what, err);
  }
}

function explain(s: RemoteSession, w: Wired, what: string, err: unknown): ReposyncError {
  if (s.signal?.aborted) return new ReposyncError('cancelled', 'The operation was cancelled.');
  if (w.http.failure) return w.http.failure;
  const mapped = toReposyncError(err);
  if (mapped.code === 'auth_failed') {
    return new ReposyncError(
      'auth_failed',
      s.credentials
        ? 'The server refused the credentials for this repository; check the token and its access rights.'
        : 'This repository needs a sign-in; add a connection or a token that has access to it.',
      { ...mapped.details, url: s.url },
    );
  }
  if ((err as { code?: string }).code === 'ParseError') {
    // A pkt-line stream that ends or breaks mid-way: the connection, not the repository, is at fault.
    return new ReposyncError('network', 'The server\'s answer was cut short; try again.', { during: what });
  }
  if (mapped.code === 'internal') mapped.details.during = what;
  return mapped;
}

export interface RemoteRefs {
  /** Branch names (without refs/heads/), sorted. */
  branches: string[];
  /** What the remote's HEAD points to, when it says. */
  defaultBranch: string | null;
  refs: Map<string, string>;
}

/** The ref advertisement of upload-pack (read) or receive-pack (write: only offered to those who may push). */
export async function listRemote(s: RemoteSession, forPush: boolean): Promise<RemoteRefs> {
  const w = wire(s);
  const info = await call(s, w, forPush ? 'list remote for push' : 'list remote', () =>
    git.getRemoteInfo2({ http: w.http, url: s.url, forPush, protocolVersion: 1, onAuth: w.onAuth, onAuthFailure: w.onAuthFailure }),
  );
  const refs = new Map<string, string>();
  let defaultBranch: string | null = null;
  for (const r of info.refs ?? []) {
    refs.set(r.ref, r.oid);
    if (r.ref === 'HEAD' && r.target?.startsWith('refs/heads/')) defaultBranch = r.target.slice('refs/heads/'.length);
  }
  const branches = [...refs.keys()].filter((r) => r.startsWith('refs/heads/')).map((r) => r.slice('refs/heads/'.length)).sort();
  return { branches, defaultBranch, refs };
}

export interface CloneArgs {
  dir: string;
  /** A branch name, or a tag name when `tag` is set. Default: the remote's default branch. */
  ref?: string;
  tag?: boolean;
  depth?: number;
}

/**
 * Clone = init + fetch + first checkout, as isomorphic-git's clone does, but with the pack indexed
 * on the Git worker (fetch-fs.ts) and the files written there from the fast object store
 * (clone-checkout.ts): isomorphic-git's own indexing and checkout were 90% of a clone's time.
 */
export async function cloneRepo(s: RemoteSession, args: CloneArgs): Promise<void> {
  const w = wire(s);
  const { dir } = args;
  // The worker indexes the pack and writes the files: let it load while the network is busy.
  warmGitWorker(dir);
  let ref = args.ref;
  if (!ref) {
    // The remote's HEAD names the branch; a server that does not say is matched by commit, as git does.
    const remote = await listRemote(s, false);
    const head = remote.refs.get('HEAD');
    ref = remote.defaultBranch ?? remote.branches.find((b) => remote.refs.get(`refs/heads/${b}`) === head);
  }
  await git.init({ fs, dir, defaultBranch: ref ?? 'main' });
  await git.addRemote({ fs, dir, remote: 'origin', url: s.url });
  const safe = fetchFs(dir, { signal: s.signal });
  let stored = false;
  await call(s, w, 'clone', async () => {
    try {
      await git.fetch({
        fs: safe.fs,
        http: w.http,
        dir,
        url: s.url,
        remote: 'origin',
        ref,
        remoteRef: ref,
        depth: args.depth,
        singleBranch: true,
        // A tag is only fetched if isomorphic-git writes tag refs; it then writes all of them.
        tags: !!args.tag,
        cache: cacheFor(dir),
        onAuth: w.onAuth,
        onAuthFailure: w.onAuthFailure,
        onProgress: w.onProgress,
      });
    } catch (err) {
      if (!safe.isPackStored(err)) throw err;
      stored = true;
    }
  });
  safe.commit();
  if (!stored || !ref) return; // an empty remote: nothing to check out
  if (args.tag) {
    // Only the requested tag's objects came over; the other tag refs would point at nothing.
    for (const name of await git.listTags({ fs, dir })) {
      if (name !== ref) await git.deleteRef({ fs, dir, ref: `refs/tags/${name}` });
    }
  }
  const target = args.tag ? await resolveRefOrNull(dir, `refs/tags/${ref}`) : await resolveRefOrNull(dir, trackingRef(ref));
  if (!target) throw new ReposyncError('not_found', `The remote has no branch or tag named "${ref}".`, { branch: ref });
  await runGitTask('checkoutCommit', { dir, commit: target }, { signal: s.signal, key: dir });
  if (args.tag) {
    // A tag leaves HEAD detached at its commit, as git clone --branch <tag> does.
    const commit = await git.resolveRef({ fs, dir, ref: `refs/tags/${ref}` }).then((oid) => peelToCommit(dir, oid));
    await git.writeRef({ fs, dir, ref: 'HEAD', value: commit, force: true });
    return;
  }
  await setRef(dir, `refs/heads/${ref}`, target);
  await git.writeRef({ fs, dir, ref: 'HEAD', value: `refs/heads/${ref}`, symbolic: true, force: true });
  await git.setConfig({ fs, dir, path: `branch.${ref}.remote`, value: 'origin' });
  await git.setConfig({ fs, dir, path: `branch.${ref}.merge`, value: `refs/heads/${ref}` });
}

async function peelToCommit(dir: string, oid: string): Promise<string> {
  for (let i = 0; i < 10; i++) {
    const { type, object } = await git.readObject({ fs, dir, oid, cache: cacheFor(dir) });
    if (type !== 'tag') return oid;
    oid = (object as { object: string }).object;
  }
  throw new ReposyncError('unsupported', 'The tag points through too many other tags.', { oid });
}

/**
 * Fetch one branch into `refs/remotes/origin/<branch>`; nothing else (working tree, index, local
 * branches) is touched. isomorphic-git moves the ref before the pack has arrived; fetchFs holds ref
 * writes back until the pack and its index are in place. On failure the ref is put back as it was.
 */
export async function fetchBranch(s: RemoteSession, dir: string, branch: string): Promise<{ remoteOid: string | null; updated: boolean }> {
  // While the server answers the first request, open the object store (its pack index is read
  // whole, a few ms on a big repository): the fetch asks it next whether we have our tip, and the
  // merge after the fetch reads through it.
  let warmed = false;
  const w = wire(s, () => {
    if (warmed) return;
    warmed = true;
    try {
      sharedStore(dir);
    } catch {
      // Only a head start: whoever needs the store next reports what is wrong with it.
    }
  });
  // isomorphic-git's first request, sent before its fetch sets up (see Transport.prefetch).
  w.http.prefetch(`${s.url}/info/refs?service=git-upload-pack`);
  const ref = trackingRef(branch);
  const before = readRefOid(dir, ref);
  // The merge that follows reads the new commits and trees, the checkout the new blobs.
  const safe = fetchFs(dir, { signal: s.signal, seed: true });
  try {
    const fetchHead = await call(s, w, 'fetch', async () => {
      try {
        const res = await git.fetch({
          fs: safe.fs,
          http: w.http,
          dir,
          url: s.url,
          remote: 'origin',
          ref: branch,
          remoteRef: branch,
          singleBranch: true,
          tags: false,
          cache: cacheFor(dir),
          onAuth: w.onAuth,
          onAuthFailure: w.onAuthFailure,
          onProgress: w.onProgress,
        });
        return res.fetchHead;
      } catch (err) {
        if (safe.isPackStored(err)) return 'stored';
        throw err;
      }
    });
    // isomorphic-git's pack cache picks the new pack up by its file name: the warm cache stays.
    safe.commit();
    if (fetchHead === null) return { remoteOid: null, updated: false };
    const after = readRefOid(dir, ref);
    return { remoteOid: after, updated: after !== before };
  } catch (err) {
    await setRef(dir, ref, before).catch(() => undefined);
    const e = toReposyncError(err);
    if (e.code === 'not_found' && e.details.status === undefined) {
      throw new ReposyncError('not_found', `The branch "${branch}" does not exist on the remote.`, { branch });
    }
    throw e;
  } finally {
    w.http.dropPrefetched();
  }
}

export interface PushArgs {
  dir: string;
  /** Local branch name to push. */
  localBranch: string;
  /** Branch on the remote to update (created when missing). */
  remoteBranch: string;
}

/** Push a branch; a refusal by the server (hook, protection, race) says why, in the server's words. */
export async function pushBranch(s: RemoteSession, args: PushArgs): Promise<void> {
  const w = wire(s);
  const messages: string[] = [];
  try {
    await git.push({
      fs,
      http: w.http,
      dir: args.dir,
      url: s.url,
      remote: 'origin',
      ref: args.localBranch,
      remoteRef: args.remoteBranch,
      signal: s.signal,
      cache: cacheFor(args.dir),
      onAuth: w.onAuth,
      onAuthFailure: w.onAuthFailure,
      onProgress: w.onProgress,
      onMessage: (line) => {
        if (messages.length < 20) messages.push(line.trim());
      },
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'GitPushError') throw refusal(err, args.remoteBranch, messages);
    throw explain(s, w, 'push', err);
  }
}

function refusal(err: unknown, branch: string, messages: string[]): ReposyncError {
  const result = (err as { data?: { result?: { refs?: Record<string, { ok: boolean; error?: string }> } } }).data?.result;
  const reason = Object.values(result?.refs ?? {}).find((r) => !r.ok)?.error ?? 'refused';
  const serverMessage = redactText(messages.filter(Boolean).join('\n')).slice(0, 2000);
  if (/non-fast-forward|fetch first|stale info/i.test(reason)) {
    return new ReposyncError('non_fast_forward', `The remote branch "${branch}" has changed.`, { reason, serverMessage });
  }
  return new ReposyncError('forbidden', `The server refused the push to "${branch}": ${reason}${serverMessage ? ` (${serverMessage})` : ''}`, {
    reason,
    serverMessage,
    branch,
  });
}
