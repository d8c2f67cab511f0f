import type { PullPreview, PullRequest, PullResult } from '../../../shared/contract/merge';
import { defineCommand, type OptionValues } from '../command';
import { quotePath, shortOid } from '../format';
import { FOLDER, defined, describe, list, oneOf, str, workspaceOf } from './common';

/** The `sync.pull` input for a workspace and the pull flags (also used by bulk-pull). */
export function pullInput(workspaceId: string, values: OptionValues): PullRequest {
  const useOurs = list(values, 'ours');
  const useTheirs = list(values, 'theirs');
  return defined({
    workspaceId,
    strategy: str(values, 'strategy') as PullRequest['strategy'],
    dryRun: values['dry-run'] === true ? true : undefined,
    useOurs: useOurs.length > 0 ? useOurs : undefined,
    useTheirs: useTheirs.length > 0 ? useTheirs : undefined,
    localChanges: str(values, 'local-changes') as PullRequest['localChanges'],
  }) as PullRequest;
}

export const PULL_OPTIONS = {
  strategy: { type: 'string', value: 'merge|ff-only', description: 'merge (default) or refuse anything but a fast-forward' },
  'dry-run': { type: 'boolean', description: 'Show what would change; change nothing' },
  theirs: { type: 'string', multiple: true, value: 'path', description: "Take the remote's version of path or folder (repeatable)" },
  ours: { type: 'string', multiple: true, value: 'path', description: 'Keep the local version of path or folder (repeatable)' },
  'local-changes': { type: 'string', value: 'commit', description: 'Commit uncommitted local changes first (default: refuse to touch them)' },
} as const;

export function checkPull(values: OptionValues): string | null {
  const both = list(values, 'ours').find((p) => list(values, 'theirs').includes(p));
  if (both) return `"${both}" cannot be both --ours and --theirs.`;
  return oneOf(values, 'strategy', ['merge', 'ff-only']) ?? oneOf(values, 'local-changes', ['commit', 'refuse']);
}

const isPreview = (v: unknown): v is PullPreview => Boolean(v && typeof v === 'object' && (v as { dryRun?: unknown }).dryRun === true);
const isResult = (v: unknown): v is PullResult => Boolean(v && typeof v === 'object' && typeof (v as { outcome?: unknown }).outcome === 'string');

function fileLines(r: { created: string[]; updated: string[]; deleted: string[]; conflicting: string[] }): string[] {
  return [
    ...r.created.map((p) => `A  ${quotePath(p)}`),
    ...r.updated.map((p) => `M  ${quotePath(p)}`),
    ...r.deleted.map((p) => `D  ${quotePath(p)}`),
    ...r.conflicting.map((p) => `UU ${quotePath(p)}`),
  ];
}

const OUTCOME: Record<PullResult['outcome'], string> = {
  up_to_date: 'Already up to date.',
  fast_forward: 'Fast-forwarded',
  merged: 'Merged',
  conflicted: 'Stopped on conflicts',
};

/** People's text for a pull result or preview; unknown shapes fall back to a generic listing. */
export function describePull(folder: string, value: unknown): string {
  if (isPreview(value)) {
    const head = value.upToDate ? 'Dry run: already up to date.' : `Dry run: pulling would ${value.fastForward ? 'fast-forward' : 'merge'} ${folder}:`;
    const lines = [head, ...fileLines(value)];
    if (value.blockedBy.length > 0) lines.push(`Blocked by uncommitted changes (use --local-changes commit): ${value.blockedBy.map(quotePath).join(', ')}`);
    return lines.join('\n');
  }
  if (isResult(value)) {
    if (value.outcome === 'up_to_date') return OUTCOME.up_to_date;
    const lines = [`${OUTCOME[value.outcome]} ${folder}${value.commit ? ` (HEAD ${shortOid(value.commit)})` : ''}.`, ...fileLines(value)];
    if (value.outcome === 'conflicted') lines.push('Resolve with `reposync resolve`, then `reposync merge --continue` (or `merge --abort`).');
    if (value.backupId) lines.push(`Backup taken first: ${value.backupId} (\`reposync undo\` restores it).`);
    return lines.join('\n');
  }
  return describe(`Pulled into ${folder}.`, value);
}

export const pull = defineCommand({
  name: 'pull',
  summary: "Bring the remote branch's changes into the folder (local work is backed up first)",
  args: [FOLDER],
  options: { ...PULL_OPTIONS },
  remote: true,
  notes: ['A pull that stops on conflicts prints its result and exits 1 (like git): see `reposync conflicts <folder>`.'],
  check: ({ values }) => checkPull(values),
  async run(ctx) {
    const { engine, ws } = await workspaceOf(ctx);
    const result = await engine.run('sync.pull', pullInput(ws.id, ctx.parsed.values));
    const conflicted = isResult(result) && result.outcome === 'conflicted';
    return { json: result, text: describePull(ws.path, result), exitCode: conflicted ? 1 : 0 };
  },
});
