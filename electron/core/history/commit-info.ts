import type { CommitInfo } from '../../../shared/contract/history';
import type { RawCommit, RawSignature } from '../git/objects';

/** `2020-01-01T10:00:00+02:00`, the signature's own offset, like git's `%aI`. */
export function isoDate(sig: RawSignature): string {
  const local = new Date((sig.timestamp + sig.offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  const sign = sig.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(sig.offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const BLANK = /^[ \t\r\v\f]*$/;

/**
 * git's `%s` and `%b` (pretty.c format_subject): leading blank lines skipped, the first paragraph's
 * lines joined by one space (trailing whitespace dropped), the body is what follows the blank lines.
 */
export function splitMessage(message: string): { subject: string; body: string } {
  const lines = message.split('\n');
  let i = 0;
  while (i < lines.length && BLANK.test(lines[i]!)) i++;
  const subject: string[] = [];
  for (; i < lines.length && !BLANK.test(lines[i]!); i++) subject.push(lines[i]!.replace(/[ \t\r\v\f]+$/, ''));
  while (i < lines.length && BLANK.test(lines[i]!)) i++;
  return { subject: subject.join(' '), body: lines.slice(i).join('\n').replace(/\s+$/, '') };
}

export function toCommitInfo(raw: RawCommit, paths: string[], pathsTruncated: boolean): CommitInfo {
  const { subject, body } = splitMessage(raw.message);
  return {
    oid: raw.oid,
    parents: raw.parents,
    authorName: raw.author.name,
    authorEmail: raw.author.email,
    authorDate: isoDate(raw.author),
    committerName: raw.committer.name,
    committerEmail: raw.committer.email,
    committerDate: isoDate(raw.committer),
    subject,
    body,
    paths,
    pathsTruncated,
  };
}

/** The search of `history.list`: like `git log -i -F --grep=q` or `--author=q`. */
export function matchesSearch(raw: RawCommit, needle: string): boolean {
  const q = needle.toLowerCase();
  return raw.message.toLowerCase().includes(q) || `${raw.author.name} <${raw.author.email}>`.toLowerCase().includes(q);
}
