import { fastStatus, type FastStatusResult } from '../git/status-fast';
import { scanWorkingFiles } from '../git/status-scan';
import type { WorktreeFile } from '../git/worktree';

/**
 * The heavy Git work that may run off the main thread: each task is a plain function of
 * structured-cloneable input to structured-cloneable output, so it runs the same in a worker
 * thread and in-thread.
 */
export interface GitTasks {
  status: { input: { dir: string; prefix: string }; output: FastStatusResult };
  scan: { input: { dir: string }; output: Map<string, WorktreeFile> };
}

export type GitTaskName = keyof GitTasks;

export const GIT_TASKS: { [K in GitTaskName]: (input: GitTasks[K]['input']) => GitTasks[K]['output'] } = {
  status: ({ dir, prefix }) => fastStatus(dir, prefix),
  scan: ({ dir }) => scanWorkingFiles(dir),
};
