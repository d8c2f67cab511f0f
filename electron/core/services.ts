import { EventBus } from './events';
import type { Logger } from './log';
import { silentLogger } from './log';
import type { SettingsStore } from './settings-store';
import { createFileSettingsStore } from './settings-store';
import { WorkspaceService } from './workspaces';
import { OperationManager } from './operations';
import { ConnectionService } from './connections/connection-service';
import type { HttpPolicy } from './providers/http-policy';
import { createFileVault } from './vault/file-vault';
import { redactingVault, type Vault } from './vault/vault';
import type { CredentialProvider } from './credentials';
import { connectionCredentialProvider } from './connections/workspace-credentials';
import { pullRequestOpener } from './connections/pull-request';
import type { Workspace } from '../../shared/domain';

export interface CoreOptions {
  home: string;
  mode: 'electron' | 'host';
  version: string;
  /** The native folder dialog; only Electron has one. */
  pickFolder?: (title: string) => Promise<string | null>;
  store?: SettingsStore;
  log?: Logger;
  /** Electron passes its safeStorage vault; the host and CLI default to the encrypted file under `home`. */
  vault?: Vault;
  /** Provider-call policy (clock, timeouts, retry bounds); tests inject a fake clock. */
  connections?: { policy?: Partial<HttpPolicy> };
  /** Where Git credentials come from; default: the workspace's connection (none → anonymous). The CLI's `--token-env` passes a token provider. */
  credentials?: CredentialProvider;
  /** Network calls give up when the server sends nothing for this long (default 60 s). */
  networkTimeoutMs?: number;
  /**
   * When history indexes are built: after each add, clone and sync (default, the app), or only
   * once History is opened (the CLI, which exits right after its command).
   */
  historyIndex?: 'after-sync' | 'when-opened';
}

/** Seam for opening a pull request after a push to another branch; returns its web URL, or null when none was opened. */
export type PullRequestOpener = (ws: Workspace, fields: { head: string; base: string; title: string; body?: string }) => Promise<string | null>;

/** The engine's parts, built once per process and shared by every handler. */
export interface CoreServices {
  options: CoreOptions;
  store: SettingsStore;
  events: EventBus;
  log: Logger;
  workspaces: WorkspaceService;
  operations: OperationManager;
  vault: Vault;
  connections: ConnectionService;
  credentials: CredentialProvider;
  /** Called by push after pushing to a branch other than the workspace's; absent → `pullRequestUrl: null`. */
  openPullRequest?: PullRequestOpener;
}

export function createServices(options: CoreOptions): CoreServices {
  const store = options.store ?? createFileSettingsStore(options.home);
  const events = new EventBus();
  const log = options.log ?? silentLogger;
  const workspaces = new WorkspaceService(store);
  const operations = new OperationManager(events);
  const vault = redactingVault(options.vault ?? createFileVault(options.home));
  const connections = new ConnectionService({ store, vault, workspaces, events, operations, log, policy: options.connections?.policy });
  return {
    options,
    store,
    events,
    log,
    workspaces,
    operations,
    vault,
    connections,
    credentials: options.credentials ?? connectionCredentialProvider(connections),
    openPullRequest: pullRequestOpener(connections),
  };
}
