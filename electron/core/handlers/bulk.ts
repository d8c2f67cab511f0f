import type { Handlers } from '../dispatch';
import { assertRepoFolder } from '../git/git';
import type { CoreServices } from '../services';
import { startBulkPull } from '../sync/bulk-pull';
import { fetchWorkspace } from '../sync/fetch';
import { startPromote } from '../sync/promote';
import { readPromotions } from '../sync/promotions-log';
import type { Fetcher } from '../sync/pull';

type BulkHandlers = Pick<Handlers, 'sync.bulkPull' | 'sync.promote' | 'sync.promotions'>;

/** Many workspaces at once, and environment promotion. Long work answers with an OperationRef at once. */
export function bulkHandlers(services: CoreServices, fetcher: Fetcher = fetchWorkspace): BulkHandlers {
  return {
    'sync.bulkPull': async (input) => ({ operationId: startBulkPull(services, input, fetcher).operationId }),
    'sync.promote': async (input) => ({ operationId: (await startPromote(services, input)).operationId }),
    'sync.promotions': async ({ workspaceId, environment, limit }) => {
      const ws = services.workspaces.get(workspaceId);
      assertRepoFolder(ws.path);
      return readPromotions(ws.path, { environment, limit });
    },
  };
}
