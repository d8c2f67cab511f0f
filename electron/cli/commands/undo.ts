import type { Backup } from '../../../shared/contract/merge';
import { defineCommand } from '../command';
import { shortOid, table } from '../format';
import { FOLDER, defined, describe, str, workspaceOf } from './common';

export const undo = defineCommand({
  name: 'undo',
  summary: 'Undo the last sync: restore the folder from the backup taken before it',
  args: [FOLDER],
  options: {
    backup: { type: 'string', value: 'id', description: 'Restore this backup instead of the latest (see `reposync backups`)' },
  },
  notes: ['The undo itself takes a backup first, so it can be undone too.'],
  async run(ctx) {
    const { engine, ws } = await workspaceOf(ctx);
    const result = await engine.run('sync.undo', defined({ workspaceId: ws.id, backupId: str(ctx.parsed.values, 'backup') }));
    return { json: result, text: describe(`Restored ${ws.path} to its state before the last sync.`, result) };
  },
});

const isBackups = (v: unknown): v is Backup[] => Array.isArray(v) && v.every((b) => b && typeof b === 'object' && typeof (b as Backup).id === 'string');

export const backups = defineCommand({
  name: 'backups',
  summary: 'The backups Reposync took before rewriting the folder (newest first)',
  args: [FOLDER],
  options: {},
  async run(ctx) {
    const { engine, ws } = await workspaceOf(ctx);
    const result = await engine.run('sync.backups', { workspaceId: ws.id });
    if (!isBackups(result)) return { json: result, text: describe(`Backups of ${ws.path}:`, result) };
    const text =
      result.length === 0
        ? 'No backups yet.'
        : table(
            ['ID', 'TAKEN', 'BEFORE', 'BRANCH', 'HEAD WAS'],
            result.map((b) => [b.id, b.createdAt, b.kind + (b.inMerge ? ' (in merge)' : ''), b.branch ?? '-', shortOid(b.previousHead)]),
          );
    return { json: result, text };
  },
});
