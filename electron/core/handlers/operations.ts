import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';

export function operationHandlers({ operations }: CoreServices): Pick<Handlers, 'operations.list' | 'operations.get' | 'operations.cancel'> {
  return {
    'operations.list': async (filter) => operations.list(filter),
    'operations.get': async ({ operationId }) => operations.get(operationId),
    'operations.cancel': async ({ operationId }) => operations.cancel(operationId),
  };
}
