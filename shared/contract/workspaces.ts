import { z } from 'zod';
import { Author, Id, Workspace, WorkspaceStatus } from '../domain';
import { channel } from './types';

const FolderPath = z.string().trim().min(1, 'a folder is required').max(4096);

export const WorkspaceAdd = z
  .object({
    path: FolderPath,
    name: z.string().trim().min(1).max(200).optional(),
    remoteUrl: z.string().trim().min(1).max(2048).optional(),
    branch: z.string().trim().min(1).max(255).optional(),
    pathPrefix: z.string().trim().max(1024).optional(),
    author: Author.optional(),
    connectionId: Id.optional(),
    group: z.string().trim().min(1).max(100).optional(),
    environments: z.array(z.string().trim().min(1).max(255)).max(20).optional(),
  })
  .strict();
export type WorkspaceAdd = z.infer<typeof WorkspaceAdd>;

const ById = z.object({ workspaceId: Id }).strict();

export const workspaceChannels = {
  'workspaces.list': channel(z.object({}).strict(), z.array(Workspace), 'Every workspace Reposync keeps in sync'),
  'workspaces.get': channel(ById, Workspace, 'One workspace by id'),
  'workspaces.add': channel(WorkspaceAdd, Workspace, 'Register a local Git folder as a workspace'),
  'workspaces.remove': channel(
    ById,
    z.object({ removed: z.literal(true) }),
    'Forget a workspace; the folder and its .git stay untouched',
  ),
  'workspaces.status': channel(ById, WorkspaceStatus, 'Branch, HEAD and changed files of a workspace'),
};
