import { z } from 'zod';
import { Id } from '../domain';
import { FileDiff } from './history';
import { channel } from './types';

/** A path inside the workspace as git writes it; the engine refuses unsafe ones (`unsafe_path`). */
const RepoPath = z.string().min(1).max(4096);

export const ChangesDiffInput = z
  .object({
    workspaceId: Id,
    path: RepoPath,
    /** Like `git diff -w`. */
    ignoreWhitespace: z.boolean().default(false),
    /** Diff even files over the 1 MB limit (up to a hard cap). */
    full: z.boolean().default(false),
  })
  .strict();

export const ChangesFileAtInput = z.object({ workspaceId: Id, path: RepoPath }).strict();

/** A file as it is on disk now (for previews: images, or the text a diff is too big to show). */
export const WorkingFile = z.object({
  path: z.string(),
  /** False when the file was deleted from disk. */
  exists: z.boolean(),
  binary: z.boolean(),
  size: z.number().int().nonnegative(),
  tooLarge: z.boolean(),
  /** The content when it is text and valid UTF-8. */
  text: z.string().nullable(),
  /** The bytes otherwise (binary or not UTF-8), unless too large. */
  base64: z.string().nullable(),
});
export type WorkingFile = z.infer<typeof WorkingFile>;

export const changesChannels = {
  'changes.diff': channel(
    ChangesDiffInput,
    FileDiff,
    'The uncommitted change of one file: its last commit (HEAD) against the file on disk, which is what a push commits',
  ),
  'changes.fileAt': channel(ChangesFileAtInput, WorkingFile, 'The content of one file as it is on disk now'),
};
