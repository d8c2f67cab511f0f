import path from 'node:path';
import type { RemoteTestResult } from '../../../shared/contract/remote';
import type { Workspace } from '../../../shared/domain';
import { defineCommand } from '../command';
import { CliError } from '../errors';
import { table } from '../format';
import { AUTHOR_OPTIONS, authorOf, checkAuthor } from './author';
import { FOLDER, connection, describe, str, workspaceOf } from './common';

function summary(ws: Workspace): string {
  const where = [ws.branch ? `branch ${ws.branch}` : 'no branch', ws.remoteUrl ?? 'no remote', ws.pathPrefix ? `prefix ${ws.pathPrefix}` : '']
    .filter(Boolean)
    .join(', ');
  return `${ws.name} (${ws.id})\n  ${ws.path}\n  ${where}`;
}

export const workspaceAdd = defineCommand({
  name: 'workspace add',
  summary: 'Register a Git folder as a workspace',
  args: [FOLDER],
  options: {
    name: { type: 'string', value: 'name', description: 'Display name (default: the folder name)' },
    branch: { type: 'string', value: 'branch', description: 'Branch to keep in sync (default: the current one)' },
    prefix: { type: 'string', value: 'path', description: 'Only sync this sub-folder of the repository' },
    group: { type: 'string', value: 'group', description: 'Group name, for bulk-pull --group' },
    ...AUTHOR_OPTIONS,
    remote: { type: 'string', value: 'url', description: "Remote URL (default: origin's URL)" },
    connection: { type: 'string', value: 'id', description: 'Saved connection to use for this workspace' },
  },
  check: ({ values }) => checkAuthor(values),
  async run(ctx) {
    const { values, args } = ctx.parsed;
    const engine = await ctx.engine();
    const added = await engine.call('workspaces.add', {
      path: path.resolve(args.folder!),
      name: str(values, 'name'),
      branch: str(values, 'branch'),
      pathPrefix: str(values, 'prefix'),
      group: str(values, 'group'),
      remoteUrl: str(values, 'remote'),
      author: authorOf(values),
      ...connection(values),
    });
    return { json: added, text: `Added workspace ${summary(added)}` };
  },
});

export const workspaceList = defineCommand({
  name: 'workspace list',
  summary: 'List registered workspaces',
  args: [],
  options: {},
  async run(ctx) {
    const engine = await ctx.engine();
    const all = await engine.call('workspaces.list', {});
    const text =
      all.length === 0
        ? 'No workspaces yet; add one with `reposync workspace add <folder>`.'
        : table(
            ['ID', 'NAME', 'BRANCH', 'GROUP', 'PATH'],
            all.map((w) => [w.id, w.name, w.branch ?? '-', w.group ?? '-', w.path]),
          );
    return { json: all, text };
  },
});

export const workspaceRemove = defineCommand({
  name: 'workspace remove',
  summary: 'Forget a workspace (by id or folder); the folder itself is not touched',
  args: [{ name: 'id|folder' }],
  options: {},
  async run(ctx) {
    const target = ctx.parsed.args['id|folder']!;
    const engine = await ctx.engine();
    const all = await engine.call('workspaces.list', {});
    const found = all.find((w) => w.id === target) ?? all.find((w) => w.path === path.resolve(target));
    if (!found) throw new CliError('not_found', `No workspace has the id or folder "${target}".`, { details: { target } });
    await engine.call('workspaces.remove', { workspaceId: found.id });
    return { json: { removed: true, workspace: found }, text: `Removed workspace ${found.name} (${found.id}); ${found.path} is unchanged.` };
  },
});

const isTestResult = (v: unknown): v is RemoteTestResult => Boolean(v && typeof v === 'object' && typeof (v as RemoteTestResult).reachable === 'boolean');

export function describeTest(remote: string, r: RemoteTestResult): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const lines = [
    `Remote:     ${remote}`,
    `Reachable:  ${yes(r.reachable)}${r.latencyMs !== null ? ` (${Math.round(r.latencyMs)} ms)` : ''}`,
    `Can read:   ${yes(r.canRead)}`,
    `Can push:   ${yes(r.canWrite)}`,
  ];
  if (r.defaultBranch) lines.push(`Default branch: ${r.defaultBranch}`);
  if (r.error) lines.push(`Error: ${r.error.message} [${r.error.code}]`);
  if (r.writeError) lines.push(`Push check: ${r.writeError.message} [${r.writeError.code}]`);
  return lines.join('\n');
}

export const workspaceTest = defineCommand({
  name: 'workspace test',
  summary: "Check that a folder's remote answers, and whether we may read and push",
  args: [FOLDER],
  options: {},
  remote: true,
  notes: ['Exits 1 when the remote cannot be read.'],
  async run(ctx) {
    const { engine, ws } = await workspaceOf(ctx);
    const result = await engine.run('workspaces.test', { workspaceId: ws.id });
    if (!isTestResult(result)) return { json: result, text: describe(`Tested the remote of ${ws.path}.`, result) };
    return { json: result, text: describeTest(ws.remoteUrl ?? '(none)', result), exitCode: result.reachable && result.canRead ? 0 : 1 };
  },
});
