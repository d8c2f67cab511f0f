import type { HistoryCommitDetail, HistoryPage } from '../../../shared/contract/history';
import { defineCommand } from '../command';
import { FOLDER, commitLines, commitsIn, defined, describe as describeValue, positiveInt, str, workspaceOf } from './common';
import { formatCommit } from './show-format';

export const history = defineCommand({
  name: 'history',
  summary: 'Commits of the workspace branch, newest first',
  args: [FOLDER],
  options: {
    limit: { type: 'string', value: 'n', description: 'At most n commits (default 100, at most 500)' },
    path: { type: 'string', value: 'path', description: 'Only commits that changed this file or folder' },
    search: { type: 'string', value: 'text', description: 'Only commits whose message or author contains text' },
    ref: { type: 'string', value: 'ref', description: 'Start from this branch, tag or commit (default: HEAD)' },
    cursor: { type: 'string', value: 'cursor', description: 'Continue after a previous page (its nextCursor)' },
  },
  check: ({ values }) => positiveInt(values, 'limit'),
  async run(ctx) {
    const { values } = ctx.parsed;
    const { engine, ws } = await workspaceOf(ctx);
    const limit = str(values, 'limit');
    const result = await engine.run(
      'history.list',
      defined({ workspaceId: ws.id, limit: limit ? Number(limit) : undefined, path: str(values, 'path'), search: str(values, 'search'), ref: str(values, 'ref'), cursor: str(values, 'cursor') }),
    );
    const commits = commitsIn(result);
    if (!commits) return { json: result, text: describeValue('History:', result) };
    const next = (result as Partial<HistoryPage>).nextCursor;
    return { json: result, text: commitLines(commits) + (next ? `\n(more: --cursor ${next})` : '') };
  },
});

export const show = defineCommand({
  name: 'show',
  summary: 'One commit: author, message and its diff',
  args: [FOLDER, { name: 'sha' }],
  options: {},
  check: ({ args }) => (/^[0-9a-f]{4,40}$/i.test(args.sha ?? '') ? null : '<sha> must be a commit id (4 to 40 hex digits).'),
  async run(ctx) {
    const { engine, ws } = await workspaceOf(ctx);
    const result = await engine.run('history.commit', { workspaceId: ws.id, oid: ctx.parsed.args.sha!.toLowerCase() });
    const detail = result as Partial<HistoryCommitDetail> | null;
    return { json: result, text: detail?.commit && Array.isArray(detail.files) ? formatCommit(detail as HistoryCommitDetail) : describeValue('Commit:', result) };
  },
});
