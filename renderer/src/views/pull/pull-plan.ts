import type { PullPreview } from '../../../../shared/contract';

/** What the user picked for one file of the preview. `auto`: let the merge decide (or stop on a conflict). */
export type FileChoice = 'auto' | 'ours' | 'theirs';

/** Turns per-file choices into the pull's useOurs/useTheirs lists, for files the preview still lists. */
export function choicesToRequest(preview: PullPreview | null, choices: Record<string, FileChoice>): { useOurs: string[]; useTheirs: string[] } {
  const listed = new Set([...(preview?.updated ?? []), ...(preview?.conflicting ?? []), ...(preview?.deleted ?? []), ...(preview?.created ?? [])]);
  const useOurs: string[] = [];
  const useTheirs: string[] = [];
  for (const [path, choice] of Object.entries(choices)) {
    if (!listed.has(path)) continue;
    if (choice === 'ours') useOurs.push(path);
    else if (choice === 'theirs') useTheirs.push(path);
  }
  return { useOurs: useOurs.sort(), useTheirs: useTheirs.sort() };
}

/** The files of a preview, grouped for display, conflicts first (they need a decision). */
export function previewGroups(preview: PullPreview): { key: keyof Pick<PullPreview, 'conflicting' | 'updated' | 'created' | 'deleted'>; title: string; files: string[] }[] {
  return (
    [
      { key: 'conflicting', title: 'Changed on both sides', files: preview.conflicting },
      { key: 'updated', title: 'Updated', files: preview.updated },
      { key: 'created', title: 'New', files: preview.created },
      { key: 'deleted', title: 'Deleted', files: preview.deleted },
    ] as const
  ).filter((g) => g.files.length > 0);
}
