import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from '../errors';
import { dropCache } from '../git/git';
import { closeSharedStore } from '../git/shared-store';
import { resolveRefOrNull } from '../git/refs';
import { cloneRepo, listRemote } from '../git/remote';
import { applyLocalConfig, currentBranchName, pointUnbornHead } from '../git/repo-config';
import type { OperationContext } from '../operations';
import type { CoreServices } from '../services';
import { processAlive } from '../workspace-lock';
import { openSession } from './remote-session';

export interface CloneInput {
  url: string;
  folder: string;
  /** A branch or a tag (a tag leaves HEAD detached). Default: the remote's default branch. */
  branch?: string;
  depth?: number;
  connectionId?: string | null;
}

export interface CloneOutcome {
  path: string;
  /** The URL without credentials, as stored in `.git/config` and the workspace. */
  remoteUrl: string;
  /** The checked-out branch; null after cloning a tag. */
  branch: string | null;
  head: string | null;
}

/** Folders being cloned into by this process: a second clone into the same folder is `busy`. */
const inFlight = new Set<string>();

/** Refuse a target that is a file or a non-empty folder, before anything starts. */
export function checkCloneTarget(folder: string): string {
  const target = path.resolve(folder);
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) throw new ReposyncError('invalid_input', `${target} is a file; choose a new or empty folder.`, { field: 'folder' });
  if (stat && fs.readdirSync(target).length > 0) {
    throw new ReposyncError('invalid_input', `${target} is not empty; clone into a new or empty folder.`, { field: 'folder', path: target });
  }
  return target;
}

/** Claim a clone target for this process; returns the release function. */
export function reserveCloneTarget(folder: string): () => void {
  const target = path.resolve(folder);
  if (inFlight.has(target)) throw new ReposyncError('busy', `A clone into ${target} is already running.`, { path: target });
  inFlight.add(target);
  return () => inFlight.delete(target);
}

/**
 * Clone into a temporary sibling folder and rename it into place only when complete, so a failed or
 * cancelled clone leaves nothing behind: no half-made folder, and an empty target stays empty.
 */
export async function clone(
  services: Pick<CoreServices, 'credentials' | 'options'>,
  input: CloneInput,
  ctx: Pick<OperationContext, 'signal' | 'progress'>,
): Promise<CloneOutcome> {
  const target = checkCloneTarget(input.folder);
  const session = await openSession(services, { url: input.url, connectionId: input.connectionId ?? null }, ctx);
  const created = makeParents(path.dirname(target));
  sweepKilledClones(target);
  const tmp = path.join(path.dirname(target), `${tempPrefix(target)}${process.pid}-${randomBytes(4).toString('hex')}`);
  ownTemps.add(tmp);
  try {
    fs.mkdirSync(tmp);
    ctx.progress('connecting', 0, null);
    const tag = input.branch ? await isTagOnly(session, input.branch) : false;
    await cloneRepo(session, { dir: tmp, ref: input.branch, tag, depth: input.depth });
    if (ctx.signal.aborted) throw new ReposyncError('cancelled', 'The clone was cancelled.');
    ctx.progress('finishing', 0, null);
    await applyLocalConfig(tmp);
    await pointUnbornHead(tmp, input.branch ?? 'main');
    if (ctx.signal.aborted) throw new ReposyncError('cancelled', 'The clone was cancelled.');
    dropCache(tmp);
    // Open pack files would make the rename fail on Windows.
    closeSharedStore(tmp);
    moveIntoPlace(tmp, target);
  } catch (err) {
    dropCache(tmp);
    closeSharedStore(tmp);
    // maxRetries: a cancelled worker task may still be finishing one last file in there.
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
    for (const dir of created.reverse()) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // Something else put a file there meanwhile: not ours to delete.
      }
    }
    if (ctx.signal.aborted) throw new ReposyncError('cancelled', 'The clone was cancelled; nothing was left behind.');
    throw err;
  } finally {
    ownTemps.delete(tmp);
  }
  return {
    path: target,
    remoteUrl: session.url,
    branch: await currentBranchName(target),
    head: await resolveRefOrNull(target, 'HEAD'),
  };
}

/** Whether `name` is a tag (and no branch of that name exists); a name that is neither is `not_found`. */
async function isTagOnly(session: Parameters<typeof listRemote>[0], name: string): Promise<boolean> {
  const { refs } = await listRemote(session, false);
  if (refs.has(`refs/heads/${name}`)) return false;
  if (refs.has(`refs/tags/${name}`)) return true;
  if (refs.size === 0) return false;
  throw new ReposyncError('not_found', `The remote has no branch or tag named "${name}".`, { field: 'branch', branch: name });
}

function moveIntoPlace(tmp: string, target: string): void {
  if (fs.existsSync(target)) {
    try {
      // Only ever an empty folder here (checked at the start); rmdir refuses if something appeared since.
      fs.rmdirSync(target);
    } catch {
      throw new ReposyncError('invalid_input', `${target} is no longer empty; the clone was not moved there.`, { field: 'folder', path: target });
    }
  }
  fs.renameSync(tmp, target);
}

const tempPrefix = (target: string): string => `.${path.basename(target)}.reposync-clone-`;
/**
 * This process's clones in progress. A temp folder with this process's pid that is not one of them
 * was left by an earlier process that had the same pid (a container starts the app with the same
 * pids each time).
 */
const ownTemps = new Set<string>();
/** A clone temp folder this old is abandoned even if a process with its pid runs (pids are reused). */
const ABANDONED_MS = 24 * 3600_000;

/**
 * The temp folders of earlier clones into `target` whose process was killed (a failed or cancelled
 * clone removes its own): the process is gone, or the folder is a day old. A live clone's stays.
 */
function sweepKilledClones(target: string): void {
  const parent = path.dirname(target);
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(prefix.length)) : null;
    if (!m) continue;
    const dir = path.join(parent, name);
    try {
      const pid = Number(m[1]);
      if (pid === process.pid ? ownTemps.has(dir) : processAlive(pid) && Date.now() - fs.statSync(dir).mtimeMs < ABANDONED_MS) continue;
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    } catch {
      // in use or not ours to remove: left for next time
    }
  }
}

/** mkdir -p that returns the folders it made (outermost first), so a failure can take them back. */
function makeParents(dir: string): string[] {
  const missing: string[] = [];
  let cur = dir;
  while (!fs.existsSync(cur)) {
    missing.unshift(cur);
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  for (const d of missing) fs.mkdirSync(d);
  return missing;
}
