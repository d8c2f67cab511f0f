import { performance } from 'node:perf_hooks';
import type { ErrorPayload } from '../../../shared/errors';
import type { Workspace } from '../../../shared/domain';
import type { RemoteTarget } from '../credentials';
import { toErrorPayload, toReposyncError } from '../errors';
import { listRemote } from '../git/remote';
import type { CoreServices } from '../services';
import { openSession } from './remote-session';

export interface RemoteTestResult {
  /** The repository answered and listed its branches. */
  reachable: boolean;
  canRead: boolean;
  /** The server offered to take a push (its receive-pack advertisement answered). */
  canWrite: boolean;
  defaultBranch: string | null;
  branches: string[];
  /** Time for the first ref listing; for display only. */
  latencyMs: number | null;
  /** Why it is not reachable; null when it is. */
  error: ErrorPayload | null;
  /** Why pushing would fail, when reading works but writing does not. */
  writeError: ErrorPayload | null;
}

/** Check a remote without changing anything: never throws, every failure is in the result. */
export async function testRemote(
  services: Pick<CoreServices, 'credentials' | 'options'>,
  target: Workspace | { url: string; connectionId?: string | null },
): Promise<RemoteTestResult> {
  const result: RemoteTestResult = {
    reachable: false,
    canRead: false,
    canWrite: false,
    defaultBranch: null,
    branches: [],
    latencyMs: null,
    error: null,
    writeError: null,
  };
  let session;
  try {
    const bare: RemoteTarget | Workspace = 'id' in target ? target : { url: target.url, connectionId: target.connectionId ?? null };
    session = await openSession(services, bare);
    const started = performance.now();
    const read = await listRemote(session, false);
    result.latencyMs = Math.round(performance.now() - started);
    Object.assign(result, { reachable: true, canRead: true, branches: read.branches, defaultBranch: read.defaultBranch });
  } catch (err) {
    result.error = toErrorPayload(toReposyncError(err));
    return result;
  }
  try {
    await listRemote(session, true);
    result.canWrite = true;
  } catch (err) {
    result.writeError = toErrorPayload(toReposyncError(err));
  }
  return result;
}
