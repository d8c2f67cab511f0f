import type { FileChange } from '../../shared/domain';
import { gitCli } from './repo';

/** `git status --porcelain -uall` as FileChange rows (one per path, as readChanges gives them). */
export function gitChanges(dir: string, prefix = ''): FileChange[] {
  const out = gitCli(dir, '-c', 'core.quotePath=false', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames');
  const rows = new Map<string, FileChange>();
  for (const rec of out.split('\0').filter(Boolean)) {
    const xy = rec.slice(0, 2);
    const p = rec.slice(3);
    if (prefix && p !== prefix && !p.startsWith(`${prefix}/`)) continue;
    let change: FileChange;
    if (xy === '??') {
      if (rows.has(p)) continue; // `git rm --cached`: the staged delete is the row
      change = { path: p, kind: 'untracked', staged: false };
    } else if (/U|AA|DD/.test(xy)) change = { path: p, kind: 'conflicted', staged: false };
    else if (xy === ' A') change = { path: p, kind: 'added', staged: false }; // `git add -N`
    else if (xy[0] === 'A') change = { path: p, kind: xy[1] === 'D' ? 'deleted' : 'added', staged: true };
    else if (xy[1] === 'D') change = { path: p, kind: 'deleted', staged: false };
    else if (xy[0] === 'D') change = { path: p, kind: 'deleted', staged: true };
    else change = { path: p, kind: 'modified', staged: xy[0] !== ' ' };
    rows.set(p, change);
  }
  return [...rows.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
