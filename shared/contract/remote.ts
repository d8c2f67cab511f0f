import { z } from 'zod';
import { Author, Id, OperationRef, Workspace } from '../domain';
import { ErrorPayload } from '../errors';
import { channel } from './types';

const Url = z.string().trim().min(1, 'a repository address is required').max(2048);
const Branch = z.string().trim().min(1).max(255);
const Prefix = z.string().trim().max(1024);

/** Change a workspace's settings; only the fields given change. `null` clears an optional field. */
export const WorkspaceUpdate = z
  .object({
    workspaceId: Id,
    name: z.string().trim().min(1).max(200).optional(),
    branch: Branch.nullable().optional(),
    pathPrefix: Prefix.optional(),
    author: Author.nullable().optional(),
    group: z.string().trim().min(1).max(100).nullable().optional(),
    environments: z.array(z.string().trim().min(1).max(255)).max(20).optional(),
    remoteUrl: Url.nullable().optional(),
    connectionId: Id.nullable().optional(),
  })
  .strict();
export type WorkspaceUpdate = z.infer<typeof WorkspaceUpdate>;

/** Test a saved workspace's remote, or a URL before adding it. */
export const RemoteTestRequest = z.union([
  z.object({ workspaceId: Id }).strict(),
  z.object({ url: Url, connectionId: Id.optional() }).strict(),
]);
export type RemoteTestRequest = z.infer<typeof RemoteTestRequest>;

export const RemoteTestResult = z.object({
  reachable: z.boolean(),
  canRead: z.boolean(),
  canWrite: z.boolean(),
  defaultBranch: z.string().nullable(),
  branches: z.array(z.string()),
  latencyMs: z.number().nonnegative().nullable(),
  error: ErrorPayload.nullable(),
  writeError: ErrorPayload.nullable(),
});
export type RemoteTestResult = z.infer<typeof RemoteTestResult>;

export const CloneRequest = z
  .object({
    url: Url,
    folder: z.string().trim().min(1, 'a folder is required').max(4096),
    /** A branch or a tag; default: the remote's default branch. */
    branch: Branch.optional(),
    depth: z.number().int().positive().max(1_000_000).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    pathPrefix: Prefix.optional(),
    author: Author.optional(),
    group: z.string().trim().min(1).max(100).optional(),
    environments: z.array(z.string().trim().min(1).max(255)).max(20).optional(),
    connectionId: Id.optional(),
  })
  .strict();
export type CloneRequest = z.infer<typeof CloneRequest>;

/** `operation.result` of a finished `workspaces.clone`. */
export const CloneResult = z.object({ workspace: Workspace, head: z.string().nullable() });
export type CloneResult = z.infer<typeof CloneResult>;

/** `operation.result` of a finished `sync.fetch`. */
export const FetchResult = z.object({ remoteOid: z.string().nullable(), updated: z.boolean() });
export type FetchResult = z.infer<typeof FetchResult>;

export const PushRequest = z
  .object({
    workspaceId: Id,
    /** Files or folders (repo-relative) to commit; default: every change under the workspace's prefix. */
    paths: z.array(z.string().min(1).max(4096)).max(10_000).optional(),
    message: z.string().trim().min(1, 'a commit message is required').max(10_000),
    author: Author.optional(),
    /** Push to this branch instead of the workspace's (created on the remote when missing). */
    branch: Branch.optional(),
    /**
     * Open a pull/merge request after pushing to `branch` (only when it differs from the base) on the
     * workspace's connection. Title default: the commit summary; base default: the workspace's branch.
     */
    pullRequest: z
      .object({
        title: z.string().trim().min(1).max(256).optional(),
        body: z.string().max(65_536).optional(),
        base: Branch.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

/** `operation.result` of a finished `sync.push`. */
export const PushResult = z.object({
  commit: z.string().nullable(),
  pushedTo: z.string(),
  pullRequestUrl: z.string().nullable(),
  /** Why a requested pull request was not opened (the push itself succeeded). */
  pullRequestError: ErrorPayload.nullable().optional(),
});
export type PushResult = z.infer<typeof PushResult>;

const ById = z.object({ workspaceId: Id }).strict();

export const remoteChannels = {
  'workspaces.update': channel(WorkspaceUpdate, Workspace, "Change a workspace's settings (name, branch, prefix, author, remote, ...)"),
  'workspaces.test': channel(RemoteTestRequest, RemoteTestResult, 'Check that a remote answers, and whether we may read and push'),
  'workspaces.clone': channel(CloneRequest, OperationRef, 'Clone a repository into a new or empty folder and add it as a workspace'),
  'sync.fetch': channel(ById, OperationRef, "Download the workspace branch's new commits without touching local files"),
  'sync.push': channel(PushRequest, OperationRef, 'Commit the chosen changes and push them to the remote'),
};
