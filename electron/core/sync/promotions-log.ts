import fs from 'node:fs';
import path from 'node:path';
import { PromotionRecord } from '../../../shared/contract/bulk';

/**
 * The promotion history of one repository: `.git/reposync/promotions.jsonl`, one JSON record per
 * line, append-only and fsynced. It lives with the repository (not in the settings store) because
 * it describes the repository: it survives removing and re-adding the workspace, the CLI on an
 * unregistered folder sees the same history, and an append never rewrites the app's settings.
 * A line torn by a crash is skipped on read and never glued to the next record.
 */
export function promotionsFile(dir: string): string {
  return path.join(dir, '.git', 'reposync', 'promotions.jsonl');
}

export function appendPromotion(dir: string, record: PromotionRecord): void {
  const file = promotionsFile(dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a+');
  try {
    const size = fs.fstatSync(fd).size;
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      fs.readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    fs.writeSync(fd, `${lead}${JSON.stringify(record)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Records newest first, optionally for one environment only. */
export function readPromotions(dir: string, filter: { environment?: string; limit?: number } = {}): PromotionRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(promotionsFile(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: PromotionRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const record = PromotionRecord.safeParse(parsed);
    if (record.success && (filter.environment === undefined || record.data.environment === filter.environment)) out.push(record.data);
  }
  return out.reverse().slice(0, filter.limit ?? Infinity);
}
