import type { FetchResult } from '../../../shared/contract/remote';
import { defineCommand } from '../command';
import { shortOid } from '../format';
import { FOLDER, describe, workspaceOf } from './common';

const isFetchResult = (v: unknown): v is FetchResult => Boolean(v && typeof v === 'object' && typeof (v as FetchResult).updated === 'boolean');

export const fetch = defineCommand({
  name: 'fetch',
  summary: "Download the remote branch's new commits without changing any file",
  args: [FOLDER],
  options: {},
  remote: true,
  async run(ctx) {
    const { engine, ws } = await workspaceOf(ctx);
    const result = await engine.run('sync.fetch', { workspaceId: ws.id });
    const text = isFetchResult(result)
      ? result.updated
        ? `Fetched: the remote ${ws.branch ?? 'branch'} is now at ${shortOid(result.remoteOid)}.`
        : 'Nothing new on the remote.'
      : describe(`Fetched ${ws.remoteUrl ?? 'the remote'}.`, result);
    return { json: result, text };
  },
});
