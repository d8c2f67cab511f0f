import { z } from 'zod';
import { Id, Operation } from '../domain';
import { channel } from './types';

const ByOperation = z.object({ operationId: z.string().min(1).max(100) }).strict();

export const operationChannels = {
  'operations.list': channel(
    z.object({ workspaceId: Id.optional(), activeOnly: z.boolean().optional() }).strict(),
    z.array(Operation),
    'Running and recent operations, newest first',
  ),
  'operations.get': channel(ByOperation, Operation, 'One operation with its progress and, when done, its result'),
  'operations.cancel': channel(ByOperation, Operation, 'Stop an operation; the workspace is left as it was before it'),
};
