import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Workspace } from '../../shared/domain';
import type { WorkspaceAdd } from '../../shared/contract';
import { ReposyncError } from './errors';
import { assertRepoFolder, fs, git, run } from './git/git';
import type { SettingsStore } from './settings-store';

/** Credentials never belong in stored settings: `https://user:token@host/x` is kept as `https://host/x`. */
export function stripCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/** Prefixes are stored as POSIX paths without leading/trailing slashes; `..` never. */
export function normalisePrefix(prefix: string | undefined): string {
  const p = (prefix ?? '').replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  if (p.split('/').some((part) => part === '..' || part === '.git')) {
    throw new ReposyncError('unsafe_path', 'The path prefix must stay inside the repository.', { field: 'pathPrefix' });
  }
  return p;
}

export class WorkspaceService {
  constructor(private readonly store: SettingsStore) {}

  list(): Workspace[] {
    return this.store.read().workspaces;
  }

  get(id: string): Workspace {
    const found = this.list().find((w) => w.id === id);
    if (!found) throw new ReposyncError('not_found', 'No workspace has that id; it may have been removed.', { workspaceId: id });
    return found;
  }

  findByPath(folder: string): Workspace | undefined {
    const wanted = path.resolve(folder);
    return this.list().find((w) => w.path === wanted);
  }

  async add(input: WorkspaceAdd): Promise<Workspace> {
    const dir = path.resolve(input.path);
    assertRepoFolder(dir);
    if (this.findByPath(dir)) {
      throw new ReposyncError('invalid_input', `${dir} is already a workspace.`, { field: 'path', path: dir });
    }
    const detected = await run('read repository', async () => ({
      branch: (await git.currentBranch({ fs, dir, fullname: false })) ?? null,
      remoteUrl: ((await git.getConfig({ fs, dir, path: 'remote.origin.url' })) as string | undefined) ?? null,
    }));
    const now = new Date().toISOString();
    const workspace: Workspace = {
      id: randomUUID(),
      name: input.name ?? path.basename(dir),
      path: dir,
      remoteUrl: stripCredentials(input.remoteUrl ?? detected.remoteUrl ?? '') || null,
      branch: input.branch ?? detected.branch,
      pathPrefix: normalisePrefix(input.pathPrefix),
      author: input.author ?? null,
      connectionId: input.connectionId ?? null,
      group: input.group ?? null,
      environments: input.environments ?? [],
      createdAt: now,
      updatedAt: now,
      lastSyncAt: null,
    };
    this.store.update((s) => ({ ...s, workspaces: [...s.workspaces, workspace] }));
    return workspace;
  }

  /** Forget the workspace. The folder and its .git are never touched. */
  remove(id: string): void {
    this.get(id);
    this.store.update((s) => ({ ...s, workspaces: s.workspaces.filter((w) => w.id !== id) }));
  }

  patch(id: string, change: Partial<Omit<Workspace, 'id' | 'createdAt'>>): Workspace {
    let updated: Workspace | undefined;
    this.store.update((s) => ({
      ...s,
      workspaces: s.workspaces.map((w) => {
        if (w.id !== id) return w;
        updated = { ...w, ...change, updatedAt: new Date().toISOString() };
        return updated;
      }),
    }));
    if (!updated) throw new ReposyncError('not_found', 'No workspace has that id; it may have been removed.', { workspaceId: id });
    return updated;
  }
}
