import { defineCommand } from '../command';
import { formatStatus } from '../format';
import { FOLDER, workspaceOf } from './common';

export const status = defineCommand({
  name: 'status',
  summary: 'Branch, HEAD, sync state and changed files of a folder',
  args: [FOLDER],
  options: {},
  notes: ['File lines use the letters of `git status --short`: M modified, A added, D deleted, ?? untracked, UU conflicted.'],
  async run(ctx) {
    const { engine, ws } = await workspaceOf(ctx);
    const value = await engine.call('workspaces.status', { workspaceId: ws.id });
    return { json: value, text: formatStatus(value) };
  },
});
