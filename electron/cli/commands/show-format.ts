import type { FileDiff, HistoryCommitDetail } from '../../../shared/contract/history';

// Like git (for GNU patch's sake): a file name with a space gets a trailing tab in ---/+++ lines.
const side = (prefix: string, p: string): string => `${prefix}/${p}${p.includes(' ') ? '\t' : ''}`;

function fileHeader(f: FileDiff): string[] {
  const oldPath = f.oldPath ?? f.path;
  const lines = [`diff --git a/${oldPath} b/${f.path}`];
  if (f.status === 'added') lines.push(`new file mode ${f.newMode ?? '100644'}`);
  if (f.status === 'deleted') lines.push(`deleted file mode ${f.oldMode ?? '100644'}`);
  if (f.status === 'modified' && f.oldMode && f.newMode && f.oldMode !== f.newMode) lines.push(`old mode ${f.oldMode}`, `new mode ${f.newMode}`);
  return lines;
}

/** One file's diff in `git show` form (header, hunks), or a one-line note for binary / too-large files. */
export function formatFileDiff(f: FileDiff): string[] {
  const lines = fileHeader(f);
  if (f.binary) return [...lines, `Binary files ${f.status === 'added' ? '/dev/null' : `a/${f.oldPath ?? f.path}`} and ${f.status === 'deleted' ? '/dev/null' : `b/${f.path}`} differ`];
  if (f.tooLarge) return [...lines, `(diff too large to show: +${f.additions} -${f.deletions})`];
  if (f.hunks.length === 0) return lines;
  lines.push(f.status === 'added' ? '--- /dev/null' : `--- ${side('a', f.oldPath ?? f.path)}`, f.status === 'deleted' ? '+++ /dev/null' : `+++ ${side('b', f.path)}`);
  for (const h of f.hunks) {
    lines.push(`@@ -${h.oldStart}${h.oldLines === 1 ? '' : `,${h.oldLines}`} +${h.newStart}${h.newLines === 1 ? '' : `,${h.newLines}`} @@`);
    for (const l of h.lines) {
      lines.push(`${l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '}${l.text}`);
      if (l.noNewline) lines.push('\\ No newline at end of file');
    }
  }
  return lines;
}

/** A commit as `git show` prints it: header, indented message, then each file's diff. */
export function formatCommit(detail: HistoryCommitDetail): string {
  const c = detail.commit;
  const lines = [`commit ${c.oid}`];
  if (c.parents.length > 1) lines.push(`Merge: ${c.parents.map((p) => p.slice(0, 7)).join(' ')}`);
  lines.push(`Author: ${c.authorName} <${c.authorEmail}>`, `Date:   ${c.authorDate}`, '');
  for (const line of [c.subject, ...(c.body ? ['', ...c.body.split('\n')] : [])]) lines.push(line ? `    ${line}` : '');
  if (detail.files.length > 0) lines.push('');
  for (const f of detail.files) lines.push(...formatFileDiff(f));
  if (detail.truncated) lines.push('', '(some diffs were left out: the commit is too big to show whole)');
  return lines.join('\n');
}
