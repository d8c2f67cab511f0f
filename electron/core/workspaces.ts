import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Workspace } from '../../shared/domain';
import type { WorkspaceAdd, WorkspaceUpdate } from '../../shared/contract';
import { ReposyncError } from './errors';
import { assertRepoFolder, fs, git, run } from './git/git';
import type { SettingsStore } from './settings-store';
import { checkRemoteUrl } from './git/remote-url';
import { assertBranchName } from './git/refs';

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

/**
 * Points the folder's `origin` at `url` (fetch refspec included), so native git in the same folder
 * talks to the repository Reposync syncs with. The URL is already credential-free.
 */
export async function pointOrigin(dir: string, url: string): Promise<void> {
  await run('set the remote address', () => git.addRemote({ fs, dir, remote: 'origin', url, force: true }));
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
  /** Folders used as workspaces for this process only (the CLI on an unregistered folder); never persisted. */
  private readonly transients = new Map<string, Workspace>();

  constructor(private readonly store: SettingsStore) {}

  list(): Workspace[] {
    return [...this.store.read().workspaces, ...this.transients.values()];
  }

  /**
   * The workspace for a Git folder: the registered one if there is one, else an in-memory one with
   * the folder's defaults (remote `origin`, current branch, no prefix) that `list`/`get` see but the
   * settings file never does.
   */
  async transient(folder: string): Promise<Workspace> {
    const dir = path.resolve(folder);
    const known = this.findByPath(dir);
    if (known) return known;
    assertRepoFolder(dir);
    const detected = await run('read repository', async () => ({
      branch: (await git.currentBranch({ fs, dir, fullname: false })) ?? null,
      remoteUrl: ((await git.getConfig({ fs, dir, path: 'remote.origin.url' })) as string | undefined) ?? null,
    }));
    const now = new Date().toISOString();
    const workspace: Workspace = {
      id: `transient-${randomUUID()}`,
      name: path.basename(dir),
      path: dir,
      remoteUrl: stripCredentials(detected.remoteUrl ?? '') || null,
      branch: detected.branch,
      pathPrefix: '',
      author: null,
      connectionId: null,
      group: null,
      environments: [],
      createdAt: now,
      updatedAt: now,
      lastSyncAt: null,
    };
    this.transients.set(workspace.id, workspace);
    return workspace;
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
    if (this.transients.delete(id)) return;
    this.store.update((s) => ({ ...s, workspaces: s.workspaces.filter((w) => w.id !== id) }));
  }

  /**
   * Change settings from the UI/CLI: every field is checked as on add (prefix inside the repo, an
   * http(s) remote without credentials, a valid branch name). `null` clears a field.
   */
  update(id: string, input: Omit<WorkspaceUpdate, 'workspaceId'>): Workspace {
    this.get(id);
    const change: Partial<Omit<Workspace, 'id' | 'createdAt'>> = {};
    if (input.name !== undefined) change.name = input.name;
    if (input.branch !== undefined) {
      if (input.branch !== null) assertBranchName(input.branch);
      change.branch = input.branch;
    }
    if (input.pathPrefix !== undefined) change.pathPrefix = normalisePrefix(input.pathPrefix);
    if (input.author !== undefined) change.author = input.author;
    if (input.group !== undefined) change.group = input.group;
    if (input.environments !== undefined) change.environments = input.environments;
    if (input.remoteUrl !== undefined) change.remoteUrl = input.remoteUrl === null ? null : checkRemoteUrl(input.remoteUrl).url;
    if (input.connectionId !== undefined) change.connectionId = input.connectionId;
    return this.patch(id, change);
  }

  patch(id: string, change: Partial<Omit<Workspace, 'id' | 'createdAt'>>): Workspace {
    const transient = this.transients.get(id);
    if (transient) {
      const changed = { ...transient, ...change, updatedAt: new Date().toISOString() };
      this.transients.set(id, changed);
      return changed;
    }
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
