import { z } from 'zod';
import { Id, OperationRef } from '../domain';
import { channel } from './types';

/** A repository path as git writes it (`folder/file.txt`); the engine refuses unsafe ones. */
const RepoPath = z.string().min(1).max(4096);

export const PullRequest = z
  .object({
    workspaceId: Id,
    /** `merge`: fast-forward when possible, else a merge commit. `ff-only`: refuse (`non_fast_forward`) when a merge is needed. */
    strategy: z.enum(['merge', 'ff-only']).default('merge'),
    /**
     * Fetch and report what would change; the branch, HEAD, index and files stay byte-identical.
     * Like `git fetch`, the fetch does move `refs/remotes/origin/<branch>`: that is what "check
     * for updates" means to a git user, status can then show "behind", and the real pull that
     * usually follows does not download again.
     */
    dryRun: z.boolean().default(false),
    /** Paths (or folders) where the remote version wins, before any conflict is declared. */
    useTheirs: z.array(RepoPath).max(10_000).default([]),
    /** Paths (or folders) where the local version wins. */
    useOurs: z.array(RepoPath).max(10_000).default([]),
    /** `refuse` (default): uncommitted changes in paths the pull touches fail with `dirty_worktree`. `commit`: commit all local changes first. */
    localChanges: z.enum(['refuse', 'commit']).default('refuse'),
  })
  .strict();
export type PullRequest = z.input<typeof PullRequest>;
export type PullOptions = z.output<typeof PullRequest>;

/** The result of a real pull (the `result` of its operation). */
export const PullResult = z.object({
  outcome: z.enum(['up_to_date', 'fast_forward', 'merged', 'conflicted']),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  deleted: z.array(z.string()),
  conflicting: z.array(z.string()),
  /** The new HEAD (for `conflicted`: the unchanged HEAD; null for an empty branch). */
  commit: z.string().nullable(),
  /** The backup taken before the working tree was touched (null when nothing was touched). */
  backupId: z.string().nullable(),
});
export type PullResult = z.infer<typeof PullResult>;

/** The result of a dry run (the `result` of its operation). */
export const PullPreview = z.object({
  dryRun: z.literal(true),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  deleted: z.array(z.string()),
  conflicting: z.array(z.string()),
  fastForward: z.boolean(),
  upToDate: z.boolean(),
  /** Paths with uncommitted changes the pull would touch: a real pull fails with `dirty_worktree` unless `localChanges: 'commit'`. */
  blockedBy: z.array(z.string()),
});
export type PullPreview = z.infer<typeof PullPreview>;

export const Resolution = z.union([z.literal('ours'), z.literal('theirs'), z.object({ merged: z.string().max(50_000_000) }).strict()]);
export type Resolution = z.infer<typeof Resolution>;

export const ConflictKind = z.enum(['both_modified', 'deleted_by_us', 'deleted_by_them', 'added_by_both']);
export type ConflictKind = z.infer<typeof ConflictKind>;

export const Conflict = z.object({
  path: z.string(),
  kind: ConflictKind,
  binary: z.boolean(),
  /** True when a side is larger than the cap: its text is then null; resolve with ours/theirs or an editor. */
  tooLarge: z.boolean(),
  /** Texts of each side; null when absent on that side, binary or too large. */
  base: z.string().nullable(),
  ours: z.string().nullable(),
  theirs: z.string().nullable(),
  resolution: Resolution.nullable(),
});
export type Conflict = z.infer<typeof Conflict>;

export const MergeConflicts = z.object({
  /** False when the workspace has no unfinished merge (then `paths` is empty). */
  merging: z.boolean(),
  branch: z.string().nullable(),
  oursOid: z.string().nullable(),
  theirsOid: z.string().nullable(),
  baseOid: z.string().nullable(),
  paths: z.array(Conflict),
});
export type MergeConflicts = z.infer<typeof MergeConflicts>;

export const Backup = z.object({
  id: z.string(),
  ref: z.string(),
  commit: z.string(),
  kind: z.enum(['pull', 'complete', 'abort', 'undo', 'commit']),
  branch: z.string().nullable(),
  previousHead: z.string().nullable(),
  createdAt: z.string(),
  /** The backup was taken during an unfinished merge; restoring it brings that merge back. */
  inMerge: z.boolean(),
});
export type Backup = z.infer<typeof Backup>;

const ById = z.object({ workspaceId: Id }).strict();

export const mergeChannels = {
  'sync.pull': channel(PullRequest, OperationRef, 'Fetch and merge the remote branch (or preview it with dryRun); the result is a PullResult or PullPreview'),
  'sync.conflicts': channel(ById, MergeConflicts, 'The unfinished merge of a workspace: each conflicted path with base/ours/theirs'),
  'sync.resolve': channel(
    z.object({ workspaceId: Id, path: RepoPath, resolution: Resolution }).strict(),
    z.object({ unresolved: z.array(z.string()) }),
    'Choose ours, theirs or merged text for one conflicted path (binary files: ours or theirs)',
  ),
  'sync.completeMerge': channel(
    z.object({ workspaceId: Id, message: z.string().trim().min(1).max(10_000).optional(), push: z.boolean().optional() }).strict(),
    z.object({
      commit: z.string(),
      pushed: z.boolean(),
      /** Set when `push` was asked and failed: the merge commit stays, push again later. */
      pushError: z.object({ code: z.string(), message: z.string() }).nullable(),
      backupId: z.string(),
    }),
    'Commit the resolved merge with two parents (every path must be resolved); optionally push the branch',
  ),
  'sync.abortMerge': channel(
    ById,
    z.object({ head: z.string().nullable(), backupId: z.string() }),
    'Drop the unfinished merge: HEAD, index and files exactly as before the pull',
  ),
  'sync.undo': channel(
    z.object({ workspaceId: Id, backupId: z.string().min(1).max(200).optional() }).strict(),
    z.object({ restoredFrom: z.string(), head: z.string().nullable(), branch: z.string().nullable(), backupId: z.string() }),
    'Undo the last sync (or restore one backup); itself undoable',
  ),
  'sync.backups': channel(ById, z.array(Backup), 'Backups taken before each sync, newest first'),
};
