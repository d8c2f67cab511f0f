import type { FileChange, Operation, WorkspaceStatus } from '../../shared/domain';

export const shortOid = (oid: string | null | undefined): string => (oid ? oid.slice(0, 7) : '-------');

/** Paths with spaces or odd characters are quoted the way `git status --short` does. */
export function quotePath(p: string): string {
  return /^[\w./@+-]+$/u.test(p) ? p : JSON.stringify(p);
}

/** The two status letters of `git status --short` for one change. */
export function statusCode(change: FileChange): string {
  switch (change.kind) {
    case 'untracked':
      return '??';
    case 'conflicted':
      return 'UU';
    case 'added':
      return 'A ';
    case 'deleted':
      return change.staged ? 'D ' : ' D';
    case 'modified':
      return change.staged ? 'M ' : ' M';
  }
}

export function shortStatusLines(files: FileChange[]): string[] {
  return files.map((f) => `${statusCode(f)} ${quotePath(f.path)}`);
}

const STATE_WORDS: Record<WorkspaceStatus['state'], string> = {
  in_sync: 'in sync',
  local_ahead: 'local commits to push',
  remote_ahead: 'remote changes to pull',
  diverged: 'diverged from the remote',
  changes: 'local changes',
  conflicted: 'merge conflicts',
  no_remote: 'no remote',
};

export function formatStatus(status: WorkspaceStatus): string {
  const where = status.detached ? 'HEAD detached' : `On branch ${status.branch ?? '(none)'}`;
  const head = status.head ? `HEAD ${shortOid(status.head.oid)} ${status.head.subject}` : 'no commits yet';
  const lines = [
    `${where} (${head})`,
    `State: ${STATE_WORDS[status.state] ?? status.state}; ahead ${status.ahead}, behind ${status.behind}`,
  ];
  if (status.activeOperationId) lines.push(`Busy: operation ${status.activeOperationId} is running`);
  if (status.files.length === 0) lines.push('Nothing to commit, working folder clean');
  else lines.push(...shortStatusLines(status.files));
  return lines.join('\n');
}

/** Left-aligned columns with a header row; the last column is not padded. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/**
 * Readable text for a value whose exact shape this CLI does not know (results of engine
 * operations): scalars as is, objects as `key: value` lines, arrays as `- item` lines.
 */
export function formatValue(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return `${indent}(none)`;
  if (typeof value !== 'object') return `${indent}${String(value)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}(none)`;
    return value
      .map((item) => (item !== null && typeof item === 'object' ? `${indent}-\n${formatValue(item, `${indent}  `)}` : `${indent}- ${String(item)}`))
      .join('\n');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return `${indent}(none)`;
  return entries
    .map(([k, v]) => {
      if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) return `${indent}${k}:\n${formatValue(v, `${indent}  `)}`;
      if (Array.isArray(v)) return `${indent}${k}: (none)`;
      return `${indent}${k}: ${v === null || v === undefined ? '-' : typeof v === 'object' ? '(none)' : String(v)}`;
    })
    .join('\n');
}

/** One progress line: `Pulling: receiving objects 42% (420/1000)`, cut to the terminal width. */
export function progressLine(op: Pick<Operation, 'title' | 'phase' | 'loaded' | 'total'>, columns = 80): string {
  let text = `${op.title}: ${op.phase}`;
  if (op.total && op.total > 0) {
    const pct = Math.min(100, Math.floor((op.loaded / op.total) * 100));
    text += ` ${pct}% (${op.loaded}/${op.total})`;
  } else if (op.loaded > 0) {
    text += ` (${op.loaded})`;
  }
  const max = Math.max(10, columns - 1);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
