// Loaded with `import()` only when a command needs the engine: it pulls in the core, zod and
// isomorphic-git, which `--help` and `--version` must never pay for.
import { createCore, type CoreOptions } from '../core';
import { defaultHome } from '../core/paths';
import { tokenCredentialProvider } from '../core/credentials';
import { toErrorPayload } from '../core/errors';
import { VERSION } from '../core/version';
import type { Channel } from '../../shared/contract';
import type { Workspace } from '../../shared/domain';
import type { Engine } from './command';
import type { TokenSource } from './credentials';
import { CliError } from './errors';
import type { Io } from './output';
import { watchOperations } from './wait';

export interface SessionOptions {
  io: Io;
  env: NodeJS.ProcessEnv;
  token: TokenSource | null;
}

export function openEngine({ io, env, token }: SessionOptions): Engine {
  const options: CoreOptions = {
    home: defaultHome(env),
    mode: 'host',
    version: VERSION,
    historyIndex: 'when-opened',
    // Registers the token with redaction too, so it is scrubbed from anything printed.
    ...(token ? { credentials: tokenCredentialProvider(token.token, token.username) } : {}),
  };
  const core = createCore(options);

  const invoke = async (channel: Channel, input: unknown): Promise<unknown> => {
    const envelope = await core.call(channel, input, 'cli');
    if (!envelope.ok) throw CliError.fromPayload(envelope.error);
    return envelope.value;
  };

  return {
    call: (channel, input) => invoke(channel, input) as never,
    async run(channel, input) {
      const watch = watchOperations(core, io);
      try {
        const value = await invoke(channel, input);
        return isOperationRef(value) ? await watch.until(value.operationId) : value;
      } finally {
        watch.close();
      }
    },
    async workspaceFor(folder, use = {}) {
      let ws: Workspace;
      try {
        ws = await core.services.workspaces.transient(folder);
      } catch (err) {
        throw CliError.fromPayload(toErrorPayload(err));
      }
      const { connectionId, environment } = use;
      const registered = core.services.store.read().workspaces.some((w) => w.id === ws.id);
      if (connectionId && ws.connectionId !== connectionId && registered) {
        // A registered workspace's connection is part of its saved settings; a CLI flag must not rewrite them.
        throw new CliError('invalid_input', `${ws.path} is registered with ${ws.connectionId ? `connection ${ws.connectionId}` : 'no connection'}; --connection cannot override a saved workspace.`, {
          details: { workspaceId: ws.id, field: 'connection' },
        });
      }
      if (registered) return ws;
      const change: Partial<Workspace> = {};
      if (connectionId) change.connectionId = connectionId;
      if (environment && !ws.environments.includes(environment)) change.environments = [...ws.environments, environment];
      return Object.keys(change).length > 0 ? core.services.workspaces.patch(ws.id, change) : ws;
    },
    workspaces: () => core.services.workspaces.list(),
  };
}

function isOperationRef(value: unknown): value is { operationId: string } {
  return (
    value !== null &&
    typeof value === 'object' &&
    Object.keys(value).length === 1 &&
    typeof (value as { operationId?: unknown }).operationId === 'string'
  );
}
