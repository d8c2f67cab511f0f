import type { Workspace } from '../../../shared/domain';
import { credentialsFor, type RemoteTarget } from '../credentials';
import { ReposyncError } from '../errors';
import type { RemoteSession } from '../git/remote';
import { checkRemoteUrl } from '../git/remote-url';
import type { OperationContext } from '../operations';
import type { CoreServices } from '../services';

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * Everything a network call needs for a workspace (or a bare URL): the checked URL, credentials from
 * the provider (or, for this call only, from the URL itself), cancel and progress from the operation.
 */
export async function openSession(
  services: Pick<CoreServices, 'credentials' | 'options'>,
  target: Workspace | RemoteTarget,
  ctx?: Pick<OperationContext, 'signal' | 'progress'>,
): Promise<RemoteSession> {
  const rawUrl = 'id' in target ? target.remoteUrl : target.url;
  if (!rawUrl) {
    throw new ReposyncError('invalid_input', 'This workspace has no remote repository; set its remote address first.', { field: 'remoteUrl' });
  }
  const { url, inline } = checkRemoteUrl(rawUrl);
  const fromProvider = await credentialsFor(services.credentials, 'id' in target ? { ...target, remoteUrl: url } : { ...target, url });
  return {
    url,
    credentials: fromProvider ?? inline,
    signal: ctx?.signal,
    idleTimeoutMs: services.options.networkTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    onProgress: ctx ? (phase, loaded, total) => ctx.progress(phase, loaded, total) : undefined,
  };
}
