import { cacheFor, fs, git, run } from './git';
import type { TreeFile } from './trees';

/** A file as it is on disk now, with whether the index knows it. */
export interface WorktreeFile extends TreeFile {
  tracked: boolean;
}

/**
 * Every file of the working tree that git would see: tracked files plus untracked ones that are
 * not ignored (ignored folders are not even entered). Hashes use the index's stat data when it
 * matches, and never refresh the index (a dry run and a snapshot must leave it byte-identical).
 */
export async function scanWorktree(dir: string): Promise<Map<string, WorktreeFile>> {
  const files = new Map<string, WorktreeFile>();
  const cache = cacheFor(dir);
  await run('scan working tree', async () =>
    git.walk({
      fs,
      dir,
      cache,
      trees: [git.WORKDIR({ refresh: false }), git.STAGE()],
      map: async (filepath, [workdir, stage]) => {
        if (filepath === '.') return true;
        if (!workdir) return undefined;
        const [wType, sType] = await Promise.all([workdir.type(), stage?.type()]);
        if (sType === 'commit') return null; // a submodule: not ours to snapshot
        if (!stage && (await git.isIgnored({ fs, dir, filepath }))) return null;
        if (wType !== 'blob') return undefined;
        const oid = await workdir.oid();
        const mode = await workdir.mode();
        if (oid) files.set(filepath, { oid, mode, tracked: !!stage });
        return undefined;
      },
    }),
  );
  return files;
}
