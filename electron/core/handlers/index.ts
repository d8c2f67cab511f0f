import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';
import { appHandlers } from './app';
import { workspaceHandlers } from './workspaces';
import { operationHandlers } from './operations';

/** Every channel's handler, one area per file; the parity test checks none is missing. */
export function createHandlers(services: CoreServices): Handlers {
  return {
    ...appHandlers(services),
    ...workspaceHandlers(services),
    ...operationHandlers(services),
  };
}
