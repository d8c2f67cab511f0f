import path from 'node:path';
import type { EventPayload } from '../../../shared/contract';
import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';
import { assertRepoFolder } from '../git/git';
import { HistoryService } from '../history/service';

type HistoryHandlers = Pick<Handlers, 'history.list' | 'history.commit' | 'history.fileDiff' | 'history.fileAt'>;

/** Read-only channels: they take no workspace lock, so history stays browsable during a sync. */
/**
 * The index persists under `<home>/cache/history`. It is built when a workspace is added (or
 * cloned) and extended after each sync, in the background, so History opens from it.
 */
export function historyHandlers(
  { workspaces, options, events }: CoreServices,
  history = HistoryService.withCache(path.join(options.home, 'cache', 'history')),
): HistoryHandlers {
  const background = options.historyIndex !== 'when-opened';
  events.subscribe((name, payload) => {
    if (name !== 'workspace.changed') return;
    const changed = payload as EventPayload<'workspace.changed'>;
    if (changed.reason !== 'synced' && changed.reason !== 'added') return;
    const ws = workspaces.list().find((w) => w.id === changed.workspaceId);
    if (!ws) return;
    if (background) void history.keepIndexed(ws.path);
    else history.refreshIfOpen(ws.path);
  });
  const repoOf = (workspaceId: string): string => {
    const dir = workspaces.get(workspaceId).path;
    assertRepoFolder(dir);
    return dir;
  };
  return {
    'history.list': async ({ workspaceId, ...req }) => history.list(repoOf(workspaceId), req),
    'history.commit': async ({ workspaceId, oid }) => history.commit(repoOf(workspaceId), oid),
    'history.fileDiff': async ({ workspaceId, oid, path, full, ignoreWhitespace }) =>
      history.fileDiff(repoOf(workspaceId), oid, path, { full, ignoreWhitespace }),
    'history.fileAt': async ({ workspaceId, oid, path }) => history.fileAt(repoOf(workspaceId), oid, path),
  };
}
