import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';
import { appHandlers } from './app';
import { workspaceHandlers } from './workspaces';
import { operationHandlers } from './operations';
import { historyHandlers } from './history';
import { mergeHandlers } from './merge';
import { connectionHandlers } from './connections';
import { remoteHandlers } from './remote';
import { changesHandlers } from './changes';
import { bulkHandlers } from './bulk';

/** Every channel's handler, one area per file; the parity test checks none is missing. */
export function createHandlers(services: CoreServices): Handlers {
  return {
    ...appHandlers(services),
    ...workspaceHandlers(services),
    ...operationHandlers(services),
    ...historyHandlers(services),
    ...mergeHandlers(services),
    ...connectionHandlers(services),
    ...remoteHandlers(services),
    ...changesHandlers(services),
    ...bulkHandlers(services),
  };
}
