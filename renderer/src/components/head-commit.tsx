import type { CommitSummary } from '../../../shared/domain';
import { relativeTime } from '../lib/relative-time';

export function HeadCommit({ commit }: { commit: CommitSummary | null }) {
  if (!commit) return <span className="muted">No commits yet</span>;
  const exact = new Date(commit.date).toLocaleString();
  return (
    <span className="commit">
      <span className="commit-subject">{commit.subject || '(no message)'}</span>
      <span className="commit-meta">
        <code className="sha" title={commit.oid}>
          {commit.oid.slice(0, 7)}
        </code>
        <span>{commit.authorName}</span>
        <span aria-hidden="true">·</span>
        <time dateTime={commit.date} title={exact}>
          {relativeTime(commit.date)}
        </time>
      </span>
    </span>
  );
}
