// The read-only fast path over `.git/objects` and refs: native zlib, packs read at offsets.
// isomorphic-git stays in charge of writes, merges and the network.
export { openObjectStore, type ObjectStore, type ObjectStoreOptions } from './object-store';
export { parseCommit, parseCommitLinks, parseSignature, type ParsedCommit, type Signature } from './parse-commit';
export { parseTree, type TreeEntry } from './parse-tree';
export { commitMatcher, type CommitSearch } from './search';
export { readRef, resolveRef, listRefs, readPackedRefs, peel, type RefValue } from './refs';
export { walkCommits, readShallow, readCommitEntry, type WalkEntry, type WalkOptions } from './walk';
export { changedPaths, diffTreePaths } from './changed-paths';
export { walkPathHistory, entryAt, pathLookup, pathSimplify } from './path-history';
export { CommitGraph, linksReader } from './commit-graph';
export { findGitDir } from './git-dir';
export type { GitObject, ObjectType } from './types';
