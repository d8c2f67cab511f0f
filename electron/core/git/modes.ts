/**
 * Git's file modes as numbers. A module of its own, without imports, so the worker's code
 * (status, clone checkout) can use them without pulling in isomorphic-git through trees.ts.
 */
export const MODE_TREE = 0o040000;
export const MODE_FILE = 0o100644;
export const MODE_EXEC = 0o100755;
export const MODE_LINK = 0o120000;
export const MODE_GITLINK = 0o160000;
