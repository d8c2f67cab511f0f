import path from 'node:path';
import type { CloneRequest, CloneResult } from '../../../shared/contract/remote';
import { defineCommand } from '../command';
import { shortOid } from '../format';
import { AUTHOR_OPTIONS, authorOf, checkAuthor } from './author';
import { connection, defined, describe, positiveInt, str } from './common';

const isCloneResult = (v: unknown): v is CloneResult => Boolean(v && typeof v === 'object' && (v as CloneResult).workspace);

export const clone = defineCommand({
  name: 'clone',
  summary: 'Clone a repository into a new (or empty) folder and register it as a workspace',
  args: [{ name: 'url' }, { name: 'folder' }],
  options: {
    branch: { type: 'string', value: 'branch', description: "Branch or tag to check out (default: the remote's default)" },
    depth: { type: 'string', value: 'n', description: 'Only the last n commits' },
    name: { type: 'string', value: 'name', description: 'Workspace name (default: the folder name)' },
    prefix: { type: 'string', value: 'path', description: 'Only sync this sub-folder of the repository' },
    group: { type: 'string', value: 'group', description: 'Group name, for bulk-pull --group' },
    ...AUTHOR_OPTIONS,
  },
  remote: true,
  notes: ['Only https:// (and http://) remotes are supported: no SSH, no file://.'],
  check: ({ values }) => positiveInt(values, 'depth') ?? checkAuthor(values),
  async run(ctx) {
    const { values, args } = ctx.parsed;
    const engine = await ctx.engine();
    const folder = path.resolve(args.folder!);
    const depth = str(values, 'depth');
    const input: CloneRequest = defined({
      url: args.url!,
      folder,
      branch: str(values, 'branch'),
      depth: depth ? Number(depth) : undefined,
      name: str(values, 'name'),
      pathPrefix: str(values, 'prefix'),
      group: str(values, 'group'),
      author: authorOf(values),
      ...connection(values),
    }) as CloneRequest;
    const result = await engine.run('workspaces.clone', input);
    const text = isCloneResult(result)
      ? `Cloned into ${result.workspace.path} (branch ${result.workspace.branch ?? '-'}, HEAD ${shortOid(result.head)}); workspace ${result.workspace.id}.`
      : describe(`Cloned into ${folder}.`, result);
    return { json: result, text };
  },
});
