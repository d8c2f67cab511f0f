import fs from 'node:fs';
import path from 'node:path';
import type { MergeConflicts, Resolution } from '../../../shared/contract/merge';
import { defineCommand } from '../command';
import { CliError } from '../errors';
import { quotePath, shortOid } from '../format';
import { FOLDER, defined, describe, str, workspaceOf } from './common';

const isMergeConflicts = (v: unknown): v is MergeConflicts => Boolean(v && typeof v === 'object' && Array.isArray((v as MergeConflicts).paths));

function resolutionWord(r: Resolution | null): string {
  if (r === null) return 'unresolved';
  return typeof r === 'string' ? `resolved: ${r}` : 'resolved: merged';
}

export function describeConflicts(value: unknown): string {
  if (!isMergeConflicts(value)) return describe('Conflicts:', value);
  if (!value.merging) return 'No merge in progress.';
  const lines = [`Merging ${shortOid(value.theirsOid)} into ${value.branch ?? 'HEAD'} (${shortOid(value.oursOid)}):`];
  for (const c of value.paths) {
    const flags = [c.binary ? 'binary' : '', c.tooLarge ? 'too large to show' : ''].filter(Boolean).join(', ');
    lines.push(`  ${c.kind.padEnd(16)} ${quotePath(c.path)}${flags ? ` (${flags})` : ''}  [${resolutionWord(c.resolution)}]`);
  }
  const open = value.paths.filter((c) => c.resolution === null).length;
  lines.push(open > 0 ? `${open} to resolve: \`reposync resolve <folder> <path> --ours|--theirs|--merged-file f\`.` : 'All resolved: `reposync merge --continue <folder>`.');
  return lines.join('\n');
}

export const conflicts = defineCommand({
  name: 'conflicts',
  summary: 'List the files a pull left in conflict',
  args: [FOLDER],
  options: {},
  async run(ctx) {
    const { engine, ws } = await workspaceOf(ctx);
    const result = await engine.run('sync.conflicts', { workspaceId: ws.id });
    return { json: result, text: describeConflicts(result) };
  },
});

export const resolve = defineCommand({
  name: 'resolve',
  summary: 'Settle one conflicted file: keep ours, theirs, or a merged file you wrote',
  args: [FOLDER, { name: 'path' }],
  synopsis: '--ours|--theirs|--merged-file <file>',
  options: {
    ours: { type: 'boolean', description: 'Keep the local version' },
    theirs: { type: 'boolean', description: "Keep the remote's version" },
    'merged-file': { type: 'string', value: 'file', description: 'Use the content of this (UTF-8 text) file as the merged result' },
  },
  check: ({ values }) =>
    [values.ours === true, values.theirs === true, typeof values['merged-file'] === 'string'].filter(Boolean).length === 1
      ? null
      : 'Choose exactly one of --ours, --theirs or --merged-file <file>.',
  async run(ctx) {
    const { values, args } = ctx.parsed;
    let resolution: Resolution = values.ours ? 'ours' : 'theirs';
    const mergedFile = str(values, 'merged-file');
    if (mergedFile !== undefined) {
      try {
        resolution = { merged: fs.readFileSync(path.resolve(mergedFile), 'utf8') };
      } catch {
        throw new CliError('not_found', `Cannot read the merged file ${mergedFile}.`, { details: { path: mergedFile } });
      }
    }
    const { engine, ws } = await workspaceOf(ctx);
    const result = await engine.run('sync.resolve', { workspaceId: ws.id, path: args.path!, resolution });
    const unresolved = (result as { unresolved?: unknown } | null)?.unresolved;
    const how = typeof resolution === 'string' ? resolution : 'merged';
    const text = Array.isArray(unresolved)
      ? `Resolved ${args.path} (${how}). ${unresolved.length === 0 ? 'All resolved: run `reposync merge --continue`.' : `Still unresolved: ${unresolved.join(', ')}`}`
      : describe(`Resolved ${args.path} (${how}).`, result);
    return { json: result, text };
  },
});

export const merge = defineCommand({
  name: 'merge',
  summary: 'Finish (--continue) or undo (--abort) a pull that stopped on conflicts',
  args: [FOLDER],
  synopsis: '--continue|--abort',
  options: {
    continue: { type: 'boolean', description: 'Commit the resolved merge' },
    abort: { type: 'boolean', description: 'Restore exactly the state before the pull' },
    message: { type: 'string', short: 'm', value: 'msg', description: 'Merge commit message (with --continue)' },
    push: { type: 'boolean', description: 'Push the merge commit right away (with --continue)' },
  },
  remote: true,
  check: ({ values }) => {
    if ((values.continue === true) === (values.abort === true)) return 'Choose one of --continue or --abort.';
    if (values.abort && (values.message !== undefined || values.push)) return '-m and --push only go with --continue.';
    return null;
  },
  async run(ctx) {
    const { values } = ctx.parsed;
    const { engine, ws } = await workspaceOf(ctx);
    if (values.abort) {
      const result = await engine.run('sync.abortMerge', { workspaceId: ws.id });
      return { json: result, text: describe(`Merge aborted; ${ws.path} is back as it was before the pull.`, result) };
    }
    const result = await engine.run('sync.completeMerge', defined({ workspaceId: ws.id, message: str(values, 'message'), push: values.push === true ? true : undefined }));
    return { json: result, text: describe(`Merge completed in ${ws.path}.`, result) };
  },
});
