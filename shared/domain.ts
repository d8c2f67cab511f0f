import { z } from 'zod';

export const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'must be an id of letters, digits, - or _');

export const Author = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().min(3).max(320).regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an e-mail address'),
});
export type Author = z.infer<typeof Author>;

/** A sync config: one local folder kept in step with one branch of one repository. */
export const Workspace = z.object({
  id: Id,
  name: z.string(),
  path: z.string(),
  remoteUrl: z.string().nullable(),
  branch: z.string().nullable(),
  pathPrefix: z.string(),
  author: Author.nullable(),
  connectionId: Id.nullable(),
  group: z.string().nullable(),
  environments: z.array(z.string()),
  /** Left out of bulk pulls (reported as skipped); absent means enabled. */
  disabled: z.boolean().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastSyncAt: z.string().nullable(),
});
export type Workspace = z.infer<typeof Workspace>;

export const ChangeKind = z.enum(['added', 'modified', 'deleted', 'untracked', 'conflicted']);
export type ChangeKind = z.infer<typeof ChangeKind>;

export const FileChange = z.object({
  path: z.string(),
  kind: ChangeKind,
  /** True when the index already holds this change (what `git add` would have done). */
  staged: z.boolean(),
});
export type FileChange = z.infer<typeof FileChange>;

export const CommitSummary = z.object({
  oid: z.string(),
  subject: z.string(),
  authorName: z.string(),
  authorEmail: z.string(),
  date: z.string(),
});
export type CommitSummary = z.infer<typeof CommitSummary>;

export const SyncState = z.enum(['in_sync', 'local_ahead', 'remote_ahead', 'diverged', 'changes', 'conflicted', 'no_remote']);
export type SyncState = z.infer<typeof SyncState>;

export const WorkspaceStatus = z.object({
  workspaceId: Id,
  branch: z.string().nullable(),
  detached: z.boolean(),
  head: CommitSummary.nullable(),
  files: z.array(FileChange),
  state: SyncState,
  ahead: z.number().int().nonnegative(),
  behind: z.number().int().nonnegative(),
  lastSyncAt: z.string().nullable(),
  activeOperationId: z.string().nullable(),
  conflicts: z.array(z.string()),
});
export type WorkspaceStatus = z.infer<typeof WorkspaceStatus>;

export const OperationKind = z.enum(['clone', 'fetch', 'pull', 'push', 'bulk_pull', 'promote', 'undo', 'merge', 'test']);
export type OperationKind = z.infer<typeof OperationKind>;

export const OperationStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type OperationStatus = z.infer<typeof OperationStatus>;

/** Long work: returned as a ref at once; progress and the result arrive as `operation.updated` events. */
export const Operation = z.object({
  id: z.string(),
  kind: OperationKind,
  workspaceId: z.string().nullable(),
  title: z.string(),
  status: OperationStatus,
  phase: z.string(),
  loaded: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  result: z.unknown().optional(),
  error: z
    .object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()), requestId: z.string() })
    .nullable(),
});
export type Operation = z.infer<typeof Operation>;

export const OperationRef = z.object({ operationId: z.string() });
export type OperationRef = z.infer<typeof OperationRef>;
