import { z } from 'zod';
import { Id, Operation } from '../domain';

/** Pushed from the engine to every window/socket; the UI updates its store from them. */
export const events = {
  'workspace.changed': z.object({ workspaceId: Id, reason: z.enum(['added', 'removed', 'updated', 'synced']) }),
  'operation.updated': Operation,
};
