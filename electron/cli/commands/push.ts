import type { PushRequest, PushResult } from '../../../shared/contract/remote';
import { defineCommand } from '../command';
import { shortOid } from '../format';
import { AUTHOR_OPTIONS, authorOf, checkAuthor } from './author';
import { FOLDER, defined, describe, list, str, workspaceOf } from './common';

const isPushResult = (v: unknown): v is PushResult => Boolean(v && typeof v === 'object' && typeof (v as PushResult).pushedTo === 'string');

export const push = defineCommand({
  name: 'push',
  summary: 'Commit local changes and send them to the remote branch',
  args: [FOLDER],
  synopsis: '-m <msg>',
  options: {
    message: { type: 'string', short: 'm', value: 'msg', description: 'Commit message (required)' },
    paths: { type: 'string', multiple: true, value: 'path', description: 'Only commit these files or folders (repeatable; default: all changes)' },
    branch: { type: 'string', value: 'branch', description: "Push to this branch instead of the workspace's (created when missing)" },
    ...AUTHOR_OPTIONS,
  },
  remote: true,
  check: ({ values }) => (typeof values.message === 'string' && values.message.trim() !== '' ? checkAuthor(values) : 'A commit message is required: -m "message".'),
  async run(ctx) {
    const { values } = ctx.parsed;
    const { engine, ws } = await workspaceOf(ctx);
    const paths = list(values, 'paths');
    const input: PushRequest = defined({
      workspaceId: ws.id,
      message: str(values, 'message')!,
      paths: paths.length > 0 ? paths : undefined,
      branch: str(values, 'branch'),
      author: authorOf(values),
    }) as PushRequest;
    const result = await engine.run('sync.push', input);
    if (!isPushResult(result)) return { json: result, text: describe(`Pushed ${ws.path}.`, result) };
    const lines = [result.commit ? `Committed ${shortOid(result.commit)} and pushed to ${result.pushedTo}.` : `Nothing new to commit; pushed to ${result.pushedTo}.`];
    if (result.pullRequestUrl) lines.push(`Pull request: ${result.pullRequestUrl}`);
    return { json: result, text: lines.join('\n') };
  },
});
