/**
 * Git's "zealous alnum" rule for conflicts where both sides inserted text (xdiff/xmerge.c): two
 * conflicts stay apart only when more than 3 shared lines with a letter or digit lie between
 * them. The engine (markers written to disk) and the conflict editor both use it, so they agree.
 */
export function keepsConflictsApart(between: readonly string[]): boolean {
  return between.length > 3 && between.some((l) => /[\p{L}\p{N}]/u.test(l));
}
