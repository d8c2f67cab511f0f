import path from 'node:path';
import type { BulkPullItem, BulkPullRequest, BulkPullResult } from '../../../shared/contract/bulk';
import { defineCommand } from '../command';
import { quotePath } from '../format';
import { defined, describe, oneOf, positiveInt, str } from './common';

const isBulkResult = (v: unknown): v is BulkPullResult => Boolean(v && typeof v === 'object' && Array.isArray((v as BulkPullResult).results));

function itemLine(item: BulkPullItem): string {
  const counts = `${item.created.length} added, ${item.updated.length} changed, ${item.deleted.length} removed`;
  switch (item.outcome) {
    case 'updated':
      return `updated      ${item.name}: ${counts}`;
    case 'conflicted':
      return `conflicts    ${item.name}: ${item.conflicting.map(quotePath).join(', ')}`;
    case 'skipped':
      return `skipped      ${item.name}${item.reason ? ` (${item.reason})` : ''}`;
    case 'error':
      return `failed       ${item.name}: ${item.error?.message ?? item.reason ?? 'error'}${item.error ? ` [${item.error.code}]` : ''}`;
    default:
      return `${item.outcome.padEnd(12)} ${item.name}`;
  }
}

/** A bulk pull "fails" (exit 1) when any workspace ended in an error or in conflicts; skipped ones do not count. */
export function bulkFailed(result: BulkPullResult): boolean {
  return result.results.some((r) => r.outcome === 'error' || r.outcome === 'conflicted');
}

export const bulkPull = defineCommand({
  name: 'bulk-pull',
  summary: 'Pull several workspaces in one operation: a group, or the folders given',
  args: [{ name: 'folders', optional: true, variadic: true }],
  options: {
    group: { type: 'string', value: 'group', description: 'Pull every workspace of this group' },
    strategy: { type: 'string', value: 'merge|ff-only', description: 'merge (default) or report a workspace that needs a merge as failed' },
    concurrency: { type: 'string', value: 'n', description: 'How many workspaces to pull at the same time (1 to 8, default 3)' },
  },
  remote: true,
  notes: [
    'Each workspace gets its own result; the exit code is 1 when any failed or stopped on conflicts.',
    'Every folder must be a Git working folder: one that is not stops the command before anything is pulled.',
  ],
  check: ({ values, rest }) => {
    if ((typeof values.group === 'string') === rest.length > 0) return 'Give either --group <group> or one or more folders.';
    return oneOf(values, 'strategy', ['merge', 'ff-only']) ?? positiveInt(values, 'concurrency');
  },
  async run(ctx) {
    const { values, rest } = ctx.parsed;
    const engine = await ctx.engine();
    const connectionId = str(values, 'connection');
    const workspaceIds: string[] = [];
    for (const folder of rest) workspaceIds.push((await engine.workspaceFor(path.resolve(folder), connectionId ? { connectionId } : {})).id);
    const concurrency = str(values, 'concurrency');
    const input = defined({
      group: str(values, 'group'),
      workspaceIds: workspaceIds.length > 0 ? workspaceIds : undefined,
      strategy: str(values, 'strategy') as BulkPullRequest['strategy'],
      concurrency: concurrency ? Number(concurrency) : undefined,
    });
    const result = await engine.run('sync.bulkPull', input);
    if (!isBulkResult(result)) return { json: result, text: describe('Bulk pull:', result) };
    const lines = result.results.map(itemLine);
    const failed = result.results.filter((r) => r.outcome === 'error' || r.outcome === 'conflicted').length;
    lines.push(`${result.results.length - failed} of ${result.results.length} workspaces pulled or left alone; ${failed} need attention.`);
    return { json: result, text: lines.join('\n'), exitCode: bulkFailed(result) ? 1 : 0 };
  },
});
