import type { Conflict, MergeConflicts, Resolution } from '../../../shared/contract/merge';
import { ReposyncError } from '../errors';
import { MODE_GITLINK, readBlob, readFileAt, type TreeFile } from '../git/trees';
import { MARKERS, isBinary } from './merge-text';
import { readMergeState, unresolvedPaths, writeMergeState, type MergeState } from './merge-state';

/** Each side's text is sent only up to this size; beyond it the UI offers ours/theirs or an editor. */
export const CONFLICT_TEXT_CAP = 1_000_000;

async function side(dir: string, file: TreeFile | null): Promise<{ text: string | null; binary: boolean; tooLarge: boolean }> {
  if (!file || file.mode === MODE_GITLINK) return { text: null, binary: false, tooLarge: false };
  const bytes = await readBlob(dir, file.oid);
  if (isBinary(bytes)) return { text: null, binary: true, tooLarge: false };
  if (bytes.length > CONFLICT_TEXT_CAP) return { text: null, binary: false, tooLarge: true };
  return { text: new TextDecoder().decode(bytes), binary: false, tooLarge: false };
}

/** The unfinished merge with base/ours/theirs of every conflicted path (texts capped in size). */
export async function listConflicts(dir: string): Promise<MergeConflicts> {
  const state = await readMergeState(dir);
  if (!state) return { merging: false, branch: null, oursOid: null, theirsOid: null, baseOid: null, paths: [] };
  const paths: Conflict[] = [];
  for (const p of state.paths) {
    const [b, o, t] = await Promise.all(
      [state.baseOid, state.oursOid, state.theirsOid].map(async (c) => side(dir, await readFileAt(dir, c, p.path))),
    );
    const binary = p.binary || b!.binary || o!.binary || t!.binary;
    paths.push({
      path: p.path,
      kind: p.kind,
      binary,
      tooLarge: b!.tooLarge || o!.tooLarge || t!.tooLarge,
      base: binary ? null : b!.text,
      ours: binary ? null : o!.text,
      theirs: binary ? null : t!.text,
      resolution: p.resolution ?? null,
    });
  }
  return { merging: true, branch: state.branch, oursOid: state.oursOid, theirsOid: state.theirsOid, baseOid: state.baseOid, paths };
}

export async function requireMergeState(dir: string): Promise<MergeState> {
  const state = await readMergeState(dir);
  if (!state) throw new ReposyncError('invalid_input', 'This workspace has no unfinished merge.', {});
  return state;
}

/** Record the choice for one path (applied to the files when the merge is completed). */
export async function resolveConflict(dir: string, path: string, resolution: Resolution): Promise<string[]> {
  const state = await requireMergeState(dir);
  const entry = state.paths.find((p) => p.path === path);
  if (!entry) throw new ReposyncError('not_found', `"${path}" is not a conflicted path of this merge.`, { path, conflicted: state.paths.map((p) => p.path).slice(0, 100) });
  if (typeof resolution === 'object') {
    if (entry.binary) throw new ReposyncError('invalid_input', `"${path}" is a binary file: choose ours or theirs.`, { path });
    const lines = resolution.merged.split(/\r?\n/);
    if (lines.includes(MARKERS.ours) && lines.includes(MARKERS.theirs)) {
      throw new ReposyncError('invalid_input', `The merged text of "${path}" still has conflict markers.`, { path });
    }
  }
  entry.resolution = resolution;
  writeMergeState(dir, state);
  return unresolvedPaths(state);
}
