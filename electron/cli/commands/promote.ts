import type { PromoteRequest, PromoteResult, PromotionRecord } from '../../../shared/contract/bulk';
import { defineCommand } from '../command';
import { shortOid, table } from '../format';
import { FOLDER, defined, describe, positiveInt, str, workspaceOf } from './common';

const isPromoteResult = (v: unknown): v is PromoteResult => Boolean(v && typeof v === 'object' && typeof (v as PromoteResult).mode === 'string');

const MODE: Record<PromoteResult['mode'], string> = {
  fast_forward: 'fast-forwarded',
  merge: 'merged',
  created: 'created',
  up_to_date: 'already up to date',
};

export const promote = defineCommand({
  name: 'promote',
  summary: 'Move an environment branch (staging, production, ...) to a ref and push it',
  args: [FOLDER],
  synopsis: '--env <environment> --ref <ref>',
  options: {
    env: { type: 'string', value: 'environment', description: 'Environment branch to move (required)' },
    ref: { type: 'string', value: 'ref', description: 'Branch, tag or commit to promote (required)' },
    'allow-merge': { type: 'boolean', description: 'When the environment has commits the ref lacks, merge instead of refusing' },
    message: { type: 'string', short: 'm', value: 'msg', description: 'Merge commit message and note in the promotion history' },
  },
  remote: true,
  notes: ['A registered workspace must list the environment; an unregistered folder accepts the one given.'],
  check: ({ values }) => (typeof values.env === 'string' && typeof values.ref === 'string' ? null : 'Both --env <environment> and --ref <ref> are required.'),
  async run(ctx) {
    const { values } = ctx.parsed;
    const environment = str(values, 'env')!;
    const ref = str(values, 'ref')!;
    const { engine, ws } = await workspaceOf(ctx, { environment });
    const input: PromoteRequest = defined({ workspaceId: ws.id, environment, ref, allowMerge: values['allow-merge'] === true ? true : undefined, message: str(values, 'message') }) as PromoteRequest;
    const result = await engine.run('sync.promote', input);
    const text = isPromoteResult(result)
      ? `${environment}: ${MODE[result.mode] ?? result.mode} ${shortOid(result.from)} -> ${shortOid(result.to)} (${ref}).`
      : describe(`Promoted ${ref} to ${environment}.`, result);
    return { json: result, text };
  },
});

const isRecords = (v: unknown): v is PromotionRecord[] => Array.isArray(v) && v.every((r) => r && typeof r === 'object' && typeof (r as PromotionRecord).environment === 'string');

export const promotions = defineCommand({
  name: 'promotions',
  summary: 'Promotion history of a folder, newest first',
  args: [FOLDER],
  options: {
    env: { type: 'string', value: 'environment', description: 'Only this environment' },
    limit: { type: 'string', value: 'n', description: 'At most n records (default 100)' },
  },
  check: ({ values }) => positiveInt(values, 'limit'),
  async run(ctx) {
    const { values } = ctx.parsed;
    const { engine, ws } = await workspaceOf(ctx);
    const limit = str(values, 'limit');
    const result = await engine.run('sync.promotions', defined({ workspaceId: ws.id, environment: str(values, 'env'), limit: limit ? Number(limit) : undefined }));
    if (!isRecords(result)) return { json: result, text: describe('Promotions:', result) };
    const text =
      result.length === 0
        ? 'No promotions yet.'
        : table(
            ['WHEN', 'ENV', 'MODE', 'FROM', 'TO', 'REF', 'BY'],
            result.map((r) => [r.at, r.environment, r.mode, shortOid(r.from), shortOid(r.to), r.ref, r.by.name]),
          );
    return { json: result, text };
  },
});
