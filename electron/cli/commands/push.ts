import type { PushRequest, PushResult } from '../../../shared/contract/remote';
import { defineCommand, type OptionValues } from '../command';
import { shortOid } from '../format';
import { AUTHOR_OPTIONS, authorOf, checkAuthor } from './author';
import { FOLDER, defined, describe, list, str, workspaceOf } from './common';

const wantsPullRequest = (values: OptionValues): boolean => values.pr === true || ['pr-title', 'pr-body', 'pr-base'].some((k) => values[k] !== undefined);

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
    pr: { type: 'boolean', description: 'Open a pull/merge request from --branch into the workspace branch (needs a connection)' },
    'pr-title': { type: 'string', value: 'title', description: 'Pull request title (implies --pr; default: the commit summary)' },
    'pr-body': { type: 'string', value: 'text', description: 'Pull request description (implies --pr)' },
    'pr-base': { type: 'string', value: 'branch', description: 'Branch the pull request merges into (implies --pr; default: the workspace branch)' },
    ...AUTHOR_OPTIONS,
  },
  remote: true,
  check: ({ values }) => {
    if (typeof values.message !== 'string' || values.message.trim() === '') return 'A commit message is required: -m "message".';
    if (wantsPullRequest(values) && typeof values.branch !== 'string') return 'A pull request needs its own branch: add --branch <new-branch>.';
    return checkAuthor(values);
  },
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
      pullRequest: wantsPullRequest(values)
        ? defined({ title: str(values, 'pr-title'), body: str(values, 'pr-body'), base: str(values, 'pr-base') })
        : undefined,
    }) as PushRequest;
    const result = await engine.run('sync.push', input);
    if (!isPushResult(result)) return { json: result, text: describe(`Pushed ${ws.path}.`, result) };
    const lines = [result.commit ? `Committed ${shortOid(result.commit)} and pushed to ${result.pushedTo}.` : `Nothing new to commit; pushed to ${result.pushedTo}.`];
    if (result.pullRequestUrl) lines.push(`Pull request: ${result.pullRequestUrl}`);
    if (result.pullRequestError) lines.push(`The pull request was not opened: ${result.pullRequestError.message} [${result.pullRequestError.code}]`);
    return { json: result, text: lines.join('\n') };
  },
});
