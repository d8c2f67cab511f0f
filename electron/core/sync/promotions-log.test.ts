import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeRepo } from '../../../test/support/repo';
import type { PromotionRecord } from '../../../shared/contract/bulk';
import { appendPromotion, promotionsFile, readPromotions } from './promotions-log';

afterAll(cleanupTempDirs);

const record = (n: number, environment = 'staging'): PromotionRecord => ({
  id: `id-${n}`,
  workspaceId: 'ws',
  environment,
  from: n === 0 ? null : String(n - 1).repeat(40).slice(0, 40),
  to: String(n).repeat(40).slice(0, 40),
  ref: 'main',
  refOid: String(n).repeat(40).slice(0, 40),
  mode: n === 0 ? 'created' : 'fast_forward',
  by: { name: 'Robin', email: 'robin@example.test' },
  at: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString(),
  message: null,
});

describe('promotion history', () => {
  it('is empty without a file, then returns records newest first, by environment and limit', () => {
    const dir = makeRepo();
    expect(readPromotions(dir)).toEqual([]);
    appendPromotion(dir, record(0));
    appendPromotion(dir, record(1, 'production'));
    appendPromotion(dir, record(2));
    expect(readPromotions(dir).map((r) => r.id)).toEqual(['id-2', 'id-1', 'id-0']);
    expect(readPromotions(dir, { environment: 'staging' }).map((r) => r.id)).toEqual(['id-2', 'id-0']);
    expect(readPromotions(dir, { limit: 1 }).map((r) => r.id)).toEqual(['id-2']);
    expect(fs.readFileSync(promotionsFile(dir), 'utf8').split('\n')).toHaveLength(4);
  });

  it('skips a line torn by a crash and keeps the next record on a line of its own', () => {
    const dir = makeRepo();
    appendPromotion(dir, record(0));
    fs.appendFileSync(promotionsFile(dir), '{"id":"torn","workspa');
    appendPromotion(dir, record(1));
    fs.appendFileSync(promotionsFile(dir), '{"not":"a record"}\n');
    expect(readPromotions(dir).map((r) => r.id)).toEqual(['id-1', 'id-0']);
  });
});
