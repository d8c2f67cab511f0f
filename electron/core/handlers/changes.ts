import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';
import { assertRepoFolder } from '../git/git';
import { workingFileAt, workingFileDiff } from '../changes/working-diff';

type ChangesHandlers = Pick<Handlers, 'changes.diff' | 'changes.fileAt'>;

/** Read-only views of uncommitted work: no workspace lock, so they answer during a sync too. */
export function changesHandlers({ workspaces }: CoreServices): ChangesHandlers {
  const areaOf = (workspaceId: string) => {
    const ws = workspaces.get(workspaceId);
    assertRepoFolder(ws.path);
    return { path: ws.path, pathPrefix: ws.pathPrefix };
  };
  return {
    'changes.diff': async ({ workspaceId, path, full, ignoreWhitespace }) => workingFileDiff(areaOf(workspaceId), path, { full, ignoreWhitespace }),
    'changes.fileAt': async ({ workspaceId, path }) => workingFileAt(areaOf(workspaceId), path),
  };
}
