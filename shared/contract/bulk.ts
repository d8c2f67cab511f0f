import { z } from 'zod';
import { Author, Id, OperationRef } from '../domain';
import { ErrorPayload } from '../errors';
import { channel } from './types';

/** Pull many workspaces in one operation: a whole group, or a list of workspaces (exactly one of the two). */
export const BulkPullRequest = z
  .object({
    group: z.string().trim().min(1).max(100).optional(),
    workspaceIds: z.array(Id).min(1).max(1000).optional(),
    /** As for `sync.pull`: `ff-only` reports a workspace that needs a merge as an error (`non_fast_forward`). */
    strategy: z.enum(['merge', 'ff-only']).default('merge'),
    /** How many workspaces are pulled at the same time. */
    concurrency: z.number().int().min(1).max(8).default(3),
  })
  .strict()
  .refine((r) => (r.group === undefined) !== (r.workspaceIds === undefined), {
    message: 'give exactly one of group or workspaceIds',
    path: ['group'],
  });
export type BulkPullRequest = z.input<typeof BulkPullRequest>;
export type BulkPullOptions = z.output<typeof BulkPullRequest>;

export const BulkPullOutcome = z.enum(['updated', 'up-to-date', 'metadata-only', 'conflicted', 'skipped', 'error']);
export type BulkPullOutcome = z.infer<typeof BulkPullOutcome>;

/** Why a workspace was left alone: not a failure of the bulk pull. */
export const BulkSkipReason = z.enum(['no_remote', 'disabled', 'busy', 'merging', 'cancelled']);
export type BulkSkipReason = z.infer<typeof BulkSkipReason>;

export const BulkPullItem = z.object({
  workspaceId: Id,
  name: z.string(),
  outcome: BulkPullOutcome,
  /** Files under the workspace's path prefix that the pull created, changed or removed. */
  created: z.array(z.string()),
  updated: z.array(z.string()),
  deleted: z.array(z.string()),
  /** Files outside the path prefix that changed too (the whole branch is pulled; these are only not reported as updates). */
  ignored: z.array(z.string()),
  /** For `conflicted`: the paths to resolve (`sync.conflicts`). */
  conflicting: z.array(z.string()),
  /** HEAD after the pull; null when not pulled or the branch is empty. */
  commit: z.string().nullable(),
  /** The workspace's own `pull` operation (null when it was not started). */
  operationId: z.string().nullable(),
  /** For `skipped`: a BulkSkipReason; for `error`: the error code. */
  reason: z.string().optional(),
  error: ErrorPayload.optional(),
});
export type BulkPullItem = z.infer<typeof BulkPullItem>;

/** `operation.result` of a finished `sync.bulkPull` (kind `bulk_pull`), in the order the workspaces were given. */
export const BulkPullResult = z.object({
  results: z.array(BulkPullItem),
  /** One line per failed workspace: `<name>: <message>`. */
  errorMsgs: z.array(z.string()),
});
export type BulkPullResult = z.infer<typeof BulkPullResult>;

const EnvName = z.string().trim().min(1).max(255);

/** Move an environment branch (e.g. `staging`) to a branch, tag or commit, and push it. */
export const PromoteRequest = z
  .object({
    workspaceId: Id,
    /** Must be one of the workspace's `environments`. */
    environment: EnvName,
    /** A branch (`main`, `origin/main`), a tag (`v1.2`), a full ref, or a commit id (full or at least 4 hex digits), as this repository knows it. */
    ref: z.string().trim().min(1).max(255),
    /** When the environment has commits the ref lacks: make a merge commit (parents: environment tip, ref) instead of refusing. */
    allowMerge: z.boolean().default(false),
    /** Message of the merge commit, and a note in the promotion history. */
    message: z.string().trim().min(1).max(10_000).optional(),
  })
  .strict();
export type PromoteRequest = z.input<typeof PromoteRequest>;
export type PromoteOptions = z.output<typeof PromoteRequest>;

export const PromotionMode = z.enum(['fast_forward', 'merge', 'created']);
export type PromotionMode = z.infer<typeof PromotionMode>;

/** One promotion, as kept in the repository's promotion history (`.git/reposync/promotions.jsonl`). */
export const PromotionRecord = z.object({
  id: z.string(),
  workspaceId: z.string(),
  environment: z.string(),
  /** The environment's tip on the remote before; null when the branch was created. */
  from: z.string().nullable(),
  /** The environment's tip after (for `merge`: the merge commit). */
  to: z.string(),
  /** The ref as the user gave it, and the commit it named. */
  ref: z.string(),
  refOid: z.string(),
  mode: PromotionMode,
  by: Author,
  at: z.string(),
  message: z.string().nullable(),
});
export type PromotionRecord = z.infer<typeof PromotionRecord>;

/** `operation.result` of a finished `sync.promote` (kind `promote`). */
export const PromoteResult = z.object({
  /** `up_to_date`: the environment already holds every commit of the ref; nothing was pushed or recorded. */
  mode: z.enum(['fast_forward', 'merge', 'created', 'up_to_date']),
  environment: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  /** Commits of the ref the environment lacked, and commits of the environment the ref lacks (before promoting). */
  ahead: z.number().int().nonnegative(),
  behind: z.number().int().nonnegative(),
  record: PromotionRecord.nullable(),
});
export type PromoteResult = z.infer<typeof PromoteResult>;

export const PromotionsRequest = z
  .object({
    workspaceId: Id,
    environment: EnvName.optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type PromotionsRequest = z.input<typeof PromotionsRequest>;

export const bulkChannels = {
  'sync.bulkPull': channel(BulkPullRequest, OperationRef, 'Pull every workspace of a group (or a list) in one operation; the result is a BulkPullResult'),
  'sync.promote': channel(
    PromoteRequest,
    OperationRef,
    'Fetch an environment branch, move it to a ref (fast-forward, or a merge with allowMerge) and push it; the result is a PromoteResult',
  ),
  'sync.promotions': channel(PromotionsRequest, z.array(PromotionRecord), 'Promotion history of a workspace, newest first'),
};
