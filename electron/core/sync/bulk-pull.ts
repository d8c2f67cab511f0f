import type { Workspace } from '../../../shared/domain';
import type { BulkPullItem, BulkPullOptions, BulkPullRequest, BulkPullResult, BulkSkipReason } from '../../../shared/contract/bulk';
import type { PullResult } from '../../../shared/contract/merge';
import { ReposyncError, toErrorPayload, toReposyncError } from '../errors';
import { assertRepoFolder } from '../git/git';
import type { OperationContext } from '../operations';
import type { CoreServices } from '../services';
import { fetchWorkspace } from './fetch';
import { readMergeState } from './merge-state';
import { pullWorkspace, type Fetcher } from './pull';

type Ctx = Pick<OperationContext, 'signal' | 'progress'>;

/** The workspaces a bulk pull covers, in a stable order; unknown ids and empty groups fail before anything starts. */
export function selectWorkspaces(services: Pick<CoreServices, 'workspaces'>, req: { group?: string; workspaceIds?: string[] }): Workspace[] {
  if ((req.group === undefined) === (req.workspaceIds === undefined)) {
    throw new ReposyncError('invalid_input', 'Give exactly one of a group or a list of workspaces.', { field: 'group' });
  }
  if (req.group !== undefined) {
    const members = services.workspaces.list().filter((w) => w.group === req.group);
    if (members.length === 0) throw new ReposyncError('not_found', `No workspace is in the group "${req.group.slice(0, 100)}".`, { group: req.group });
    return members;
  }
  return [...new Set(req.workspaceIds)].map((id) => services.workspaces.get(id));
}

/** Start `sync.bulkPull`: one parent operation (kind `bulk_pull`, no lock of its own); each workspace is pulled as its own `pull` operation under its lock. */
export function startBulkPull(
  services: CoreServices,
  req: BulkPullRequest,
  fetcher: Fetcher = fetchWorkspace,
): { operationId: string; done: Promise<BulkPullResult> } {
  const list = selectWorkspaces(services, req);
  const options = { strategy: req.strategy ?? 'merge', concurrency: req.concurrency ?? 3 };
  const what = req.group !== undefined ? `group ${req.group}` : `${list.length} workspace${list.length === 1 ? '' : 's'}`;
  return services.operations.start({ kind: 'bulk_pull', title: `Pull ${what}`, workspaceId: null }, (ctx) => bulkPull(services, list, options, ctx, fetcher));
}

/**
 * Pull each workspace with at most `concurrency` at a time. One workspace's failure never stops
 * the others; cancel stops scheduling and cancels the pulls under way (each rolls itself back).
 */
export async function bulkPull(
  services: CoreServices,
  list: Workspace[],
  options: Pick<BulkPullOptions, 'strategy' | 'concurrency'>,
  ctx: Ctx,
  fetcher: Fetcher = fetchWorkspace,
): Promise<BulkPullResult> {
  const concurrency = Math.max(1, Math.min(8, Math.floor(options.concurrency)));
  const results: BulkPullItem[] = new Array(list.length);
  const running = new Set<string>();
  const onAbort = () => {
    for (const id of running) void services.operations.cancel(id).catch(() => undefined);
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let finished = 0;
  ctx.progress('pulling', 0, list.length);
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      const ws = list[i]!;
      results[i] = await pullOne(services, ws, options.strategy, { running, signal: ctx.signal }, fetcher);
      ctx.progress('pulling', ++finished, list.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
  const errorMsgs = results.filter((r) => r.outcome === 'error').map((r) => `${r.name}: ${r.error?.message ?? r.reason ?? 'failed'}`);
  return { results, errorMsgs };
}

function blank(ws: Workspace): BulkPullItem {
  return { workspaceId: ws.id, name: ws.name, outcome: 'skipped', created: [], updated: [], deleted: [], ignored: [], conflicting: [], commit: null, operationId: null };
}

function skipped(ws: Workspace, reason: BulkSkipReason, operationId: string | null = null): BulkPullItem {
  return { ...blank(ws), outcome: 'skipped', reason, operationId };
}

function failed(ws: Workspace, err: unknown, operationId: string | null = null): BulkPullItem {
  const error = toErrorPayload(err);
  return { ...blank(ws), outcome: 'error', reason: error.code, error, operationId };
}

interface Scheduling {
  /** Ids of the pull operations under way, cancelled with the bulk pull. */
  running: Set<string>;
  signal: AbortSignal;
}

async function pullOne(services: CoreServices, ws: Workspace, strategy: BulkPullOptions['strategy'], s: Scheduling, fetcher: Fetcher): Promise<BulkPullItem> {
  if (s.signal.aborted) return skipped(ws, 'cancelled');
  if (ws.disabled) return skipped(ws, 'disabled');
  if (!ws.remoteUrl) return skipped(ws, 'no_remote');
  let operationId: string | null = null;
  try {
    assertRepoFolder(ws.path);
    if (await readMergeState(ws.path)) return skipped(ws, 'merging');
    if (s.signal.aborted) return skipped(ws, 'cancelled');
    const started = services.operations.start({ kind: 'pull', title: `Pull ${ws.name}`, workspaceId: ws.id, lockDir: ws.path }, (ctx) =>
      pullWorkspace(services, ws, { strategy }, ctx, fetcher),
    );
    operationId = started.operationId;
    s.running.add(operationId);
    try {
      return classify(ws, (await started.done) as PullResult, operationId);
    } finally {
      s.running.delete(operationId);
    }
  } catch (err) {
    const e = toReposyncError(err);
    if (e.code === 'busy') return skipped(ws, 'busy', operationId);
    if (e.code === 'cancelled') return skipped(ws, 'cancelled', operationId);
    return failed(ws, e, operationId);
  }
}

function within(file: string, prefix: string): boolean {
  return prefix === '' || file === prefix || file.startsWith(`${prefix}/`);
}

/** Split what the pull changed into the workspace's own files (under its prefix) and the rest. */
function classify(ws: Workspace, r: PullResult, operationId: string): BulkPullItem {
  const prefix = ws.pathPrefix;
  const mine = (list: string[]) => list.filter((p) => within(p, prefix));
  const ignored = [...r.created, ...r.updated, ...r.deleted, ...r.conflicting].filter((p) => !within(p, prefix)).sort();
  const item: BulkPullItem = {
    ...blank(ws),
    created: mine(r.created),
    updated: mine(r.updated),
    deleted: mine(r.deleted),
    conflicting: r.conflicting,
    ignored,
    commit: r.commit,
    operationId,
  };
  if (r.outcome === 'up_to_date') return { ...item, outcome: 'up-to-date' };
  if (r.outcome === 'conflicted') return { ...item, outcome: 'conflicted' };
  const touched = item.created.length + item.updated.length + item.deleted.length;
  return { ...item, outcome: touched > 0 ? 'updated' : 'metadata-only' };
}
