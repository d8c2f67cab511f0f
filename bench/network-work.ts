// Child-side work of the network and status figures (run in bench/child.ts, as the app runs it).
import path from 'node:path';
import { createCore } from '../electron/core';
import { readChanges } from '../electron/core/git/status';
import { fastStatus } from '../electron/core/git/status-fast';
import { warmStatHelpers } from '../electron/core/git/status-stat-pool';

async function waitOp(core: ReturnType<typeof createCore>, channel: string, input: unknown): Promise<void> {
  const res = await core.call(channel as never, input as never, 'test' as never);
  if (!res.ok) throw new Error(`${channel}: ${JSON.stringify(res.error)}`);
  const { operationId } = res.value as { operationId: string };
  await core.services.operations.idle();
  const op = await core.call('operations.get' as never, { operationId } as never, 'test' as never);
  const value = (op as { ok: boolean; value?: { status: string; error?: unknown } }).value;
  if (value?.status !== 'succeeded') throw new Error(`${channel} ended ${value?.status}: ${JSON.stringify(value?.error)}`);
}

export interface SyncParams {
  dir: string;
  url?: string;
  home?: string;
}

/**
 * Untimed set-up of a figure in its child: the warm status row runs one status first, as a
 * long-lived worker has, and lets the stat helpers that status started come up (the app's next
 * status comes seconds later).
 */
export const SYNC_PREPARE: Record<string, (p: SyncParams) => Promise<unknown>> = {
  async 'status-warm'({ dir }) {
    const n = fastStatus(dir).changes.length;
    await warmStatHelpers();
    return n;
  },
  // The workspace exists before a pull, as in the app (adding it writes the settings): only the pull is timed.
  async pull({ dir, home }) {
    process.env.REPOSYNC_GIT_WORKER = path.resolve('dist/workers/git-worker.mjs');
    // No background history index build: in the app it ran when the workspace was added, long
    // before a pull, and the one a pull starts waits 1.5 s (untimed). Here it would share the
    // cores with the timed pull and count in the child's peak RSS.
    const core = createCore({ home: home!, mode: 'host', version: '0.0.0', historyIndex: 'when-opened' });
    const res = await core.call('workspaces.add' as never, { path: dir } as never, 'test' as never);
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return { core, workspaceId: (res.value as { id: string }).id };
  },
};

/** Child-side work of these figures. */
export const SYNC_WORK: Record<string, (p: SyncParams, state?: unknown) => Promise<number>> = {
  async clone({ dir, url, home }) {
    // As the host and the app run it: pack indexing and the first checkout on the Git worker thread.
    process.env.REPOSYNC_GIT_WORKER = path.resolve('dist/workers/git-worker.mjs');
    const core = createCore({ home: home!, mode: 'host', version: '0.0.0' });
    await waitOp(core, 'workspaces.clone', { url, folder: dir, branch: 'main' });
    return 0;
  },
  async pull(_params, state) {
    const { core, workspaceId } = state as { core: ReturnType<typeof createCore>; workspaceId: string };
    await waitOp(core, 'sync.pull', { workspaceId });
    return 0;
  },
  async 'status-warm'({ dir }) {
    return fastStatus(dir).changes.length;
  },
  async 'status-worker'({ dir }) {
    // As the host and the app run it: on the Git worker thread, the main loop stays free.
    process.env.REPOSYNC_GIT_WORKER = path.resolve('dist/workers/git-worker.mjs');
    return (await readChanges(dir)).length;
  },
};
