import path from 'node:path';
import type { Workspace } from '../../../shared/domain';
import type { ArgSpec, CommandContext, Engine, OptionValues, WorkspaceUse } from '../command';
import { formatValue, shortOid } from '../format';

export const FOLDER: ArgSpec = { name: 'folder' };

/** The engine and the workspace of the command's `<folder>` (registered, or in-memory with defaults). */
export async function workspaceOf(ctx: CommandContext, use: WorkspaceUse = {}): Promise<{ engine: Engine; ws: Workspace }> {
  const engine = await ctx.engine();
  const connectionId = str(ctx.parsed.values, 'connection');
  const ws = await engine.workspaceFor(path.resolve(ctx.parsed.args.folder ?? '.'), { ...use, ...(connectionId ? { connectionId } : {}) });
  return { engine, ws };
}

export function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** `--connection <id>` as a channel's `connectionId`, for channels without a workspace (clone). */
export function connection(values: OptionValues): { connectionId?: string } {
  const id = str(values, 'connection');
  return id ? { connectionId: id } : {};
}

/** `T` with every field that may be undefined made optional instead (fields that never are stay required). */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops undefined fields so strict channel schemas see only what the user asked for. */
export function defined<T extends Record<string, unknown>>(input: T): Defined<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Defined<T>;
}

/** Parses a positive integer option; returns a usage message when it is not one. */
export function positiveInt(values: OptionValues, name: string): string | null {
  const v = str(values, name);
  if (v === undefined) return null;
  return /^[1-9]\d{0,6}$/.test(v) ? null : `--${name} must be a positive whole number.`;
}

export function oneOf(values: OptionValues, name: string, allowed: string[]): string | null {
  const v = str(values, name);
  if (v === undefined || allowed.includes(v)) return null;
  return `--${name} must be one of: ${allowed.join(', ')}.`;
}

interface CommitLike {
  oid: string;
  subject?: string;
  message?: string;
  authorName?: string;
  authorDate?: string;
  date?: string;
}

function isCommitLike(v: unknown): v is CommitLike {
  return v !== null && typeof v === 'object' && typeof (v as { oid?: unknown }).oid === 'string';
}

/** The commits in a history answer, whether it is an array or a page object (`commits` / `items`). */
export function commitsIn(value: unknown): CommitLike[] | null {
  const arr = Array.isArray(value)
    ? value
    : value && typeof value === 'object'
      ? ((value as { commits?: unknown; items?: unknown }).commits ?? (value as { items?: unknown }).items)
      : null;
  return Array.isArray(arr) && arr.every(isCommitLike) ? arr : null;
}

/** `abc1234  2024-05-01  Ada  subject`: one line per commit, like `git log --oneline` with date and author. */
export function commitLines(commits: CommitLike[]): string {
  if (commits.length === 0) return 'No commits.';
  return commits
    .map((c) => [shortOid(c.oid), (c.authorDate ?? c.date ?? '').slice(0, 10), c.authorName ?? '', c.subject ?? (c.message ?? '').split('\n', 1)[0]].filter(Boolean).join('  '))
    .join('\n');
}

/** Text for a result this CLI does not know the exact shape of. */
export function describe(title: string, value: unknown): string {
  return value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0) ? title : `${title}\n${formatValue(value, '  ')}`;
}
