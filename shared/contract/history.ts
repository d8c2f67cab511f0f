import { z } from 'zod';
import { Id } from '../domain';
import { channel } from './types';

/**
 * A path inside the repository as the caller gives it. The engine checks it further (no `..`,
 * no absolute path, no `.git` component) and answers `unsafe_path`.
 */
const RepoPath = z.string().min(1).max(4096);
/** A full or abbreviated (4+ hex digits) commit id. */
const Oid = z.string().regex(/^[0-9a-fA-F]{4,40}$/, 'must be a commit id (4 to 40 hex digits)');
/** A branch, tag, `HEAD` or commit id; the engine checks git's ref-name rules. */
const Ref = z.string().min(1).max(255);

export const CommitInfo = z.object({
  oid: z.string(),
  parents: z.array(z.string()),
  authorName: z.string(),
  authorEmail: z.string(),
  /** ISO 8601 with the author's own UTC offset, like `git log --format=%aI`. */
  authorDate: z.string(),
  committerName: z.string(),
  committerEmail: z.string(),
  committerDate: z.string(),
  /** Like git's `%s`: the first paragraph of the message, lines joined by spaces. */
  subject: z.string(),
  /** Like git's `%b` without trailing blank lines. */
  body: z.string(),
  /**
   * Paths whose content or mode differ from the first parent (merges: vs the first parent too;
   * root commits: every file). No rename detection: a rename lists the old and the new path.
   * Sorted like git (byte order). Capped; see `pathsTruncated`.
   */
  paths: z.array(z.string()),
  pathsTruncated: z.boolean(),
});
export type CommitInfo = z.infer<typeof CommitInfo>;

export const DiffLine = z.object({
  kind: z.enum(['context', 'add', 'del']),
  /** The line without its newline (a `\r` of CRLF files stays). */
  text: z.string(),
  oldNo: z.number().int().positive().optional(),
  newNo: z.number().int().positive().optional(),
  /** The last line of its file has no newline (git's "\ No newline at end of file"). */
  noNewline: z.boolean().optional(),
});
export type DiffLine = z.infer<typeof DiffLine>;

/** Numbers exactly as in git's `@@ -oldStart,oldLines +newStart,newLines @@` header. */
export const DiffHunk = z.object({
  oldStart: z.number().int().nonnegative(),
  oldLines: z.number().int().nonnegative(),
  newStart: z.number().int().nonnegative(),
  newLines: z.number().int().nonnegative(),
  lines: z.array(DiffLine),
});
export type DiffHunk = z.infer<typeof DiffHunk>;

export const FileDiffStatus = z.enum(['added', 'modified', 'deleted', 'renamed']);
export type FileDiffStatus = z.infer<typeof FileDiffStatus>;

export const FileDiff = z.object({
  path: z.string(),
  /** Set for renames: the path in the parent. */
  oldPath: z.string().optional(),
  status: FileDiffStatus,
  oldMode: z.string().optional(),
  newMode: z.string().optional(),
  /** A NUL byte in the first 8000 bytes of either side, like git. No hunks. */
  binary: z.boolean(),
  /** Over the size limit (or the commit's diff budget): no hunks; ask `history.fileDiff` with `full`. */
  tooLarge: z.boolean(),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  hunks: z.array(DiffHunk),
});
export type FileDiff = z.infer<typeof FileDiff>;

export const HistoryListInput = z
  .object({
    workspaceId: Id,
    ref: Ref.optional(),
    cursor: z.string().min(1).max(4096).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    /** A file or folder: the commits that changed it (like `git log -- path`). */
    path: RepoPath.optional(),
    /** Case-insensitive substring of the message or of `Name <email>` of the author. */
    search: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type HistoryListInput = z.infer<typeof HistoryListInput>;

export const HistoryPage = z.object({
  commits: z.array(CommitInfo),
  /** Pass back as `cursor` (with the same ref, path and search) for the next page; null at the end. */
  nextCursor: z.string().nullable(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

export const HistoryCommitInput = z.object({ workspaceId: Id, oid: Oid }).strict();
export const HistoryCommitDetail = z.object({
  commit: CommitInfo,
  files: z.array(FileDiff),
  /** Some files got no hunks because the whole diff is too big; fetch them one by one. */
  truncated: z.boolean(),
});
export type HistoryCommitDetail = z.infer<typeof HistoryCommitDetail>;

export const HistoryFileDiffInput = z
  .object({
    workspaceId: Id,
    oid: Oid,
    path: RepoPath,
    /** Diff even files over the 1 MB limit (up to a hard cap). */
    full: z.boolean().default(false),
    /** Like `git diff -w`. */
    ignoreWhitespace: z.boolean().default(false),
  })
  .strict();

export const HistoryFileAtInput = z.object({ workspaceId: Id, oid: Oid, path: RepoPath }).strict();
export const FileAt = z.object({
  path: z.string(),
  /** The commit the file was read from (full oid). */
  oid: z.string(),
  /** The blob's own id. */
  blobOid: z.string(),
  binary: z.boolean(),
  size: z.number().int().nonnegative(),
  tooLarge: z.boolean(),
  /** The content when it is text and valid UTF-8. */
  text: z.string().nullable(),
  /** The bytes otherwise (binary or not UTF-8), unless too large. */
  base64: z.string().nullable(),
});
export type FileAt = z.infer<typeof FileAt>;

export const historyChannels = {
  'history.list': channel(HistoryListInput, HistoryPage, 'A page of commits, newest first, like git log (optionally of one path or matching a search)'),
  'history.commit': channel(HistoryCommitInput, HistoryCommitDetail, 'One commit with its per-file diffs against the first parent'),
  'history.fileDiff': channel(HistoryFileDiffInput, FileDiff, 'The diff of one file in one commit (full size or ignoring whitespace on request)'),
  'history.fileAt': channel(HistoryFileAtInput, FileAt, 'The content of one file as of one commit'),
};
