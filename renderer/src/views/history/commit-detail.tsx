import { forwardRef, memo, useEffect, useState } from 'react';
import type { CommitInfo, FileDiff, HistoryCommitDetail } from '../../../../shared/contract/history';
import { describeError } from '../../lib/error-text';
import { relativeTime } from '../../lib/relative-time';
import type { CommitDetailState } from '../../store/history-slice';
import { DiffToolbar } from '../../components/diff/diff-toolbar';
import { useAppStore } from '../../store/store-context';
import { FilePanel } from './file-panel';

const STATUS_LETTER: Record<FileDiff['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };
const STATUS_WORD: Record<FileDiff['status'], string> = { added: 'Added', modified: 'Modified', deleted: 'Deleted', renamed: 'Renamed' };

function When({ iso }: { iso: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={iso}>
      {relativeTime(iso)} <span className="muted">({Number.isNaN(date.getTime()) ? iso : date.toLocaleString()})</span>
    </time>
  );
}

function CommitMeta({ commit, onOpenCommit }: { commit: CommitInfo; onOpenCommit(oid: string): void }) {
  const sameCommitter = commit.committerName === commit.authorName && commit.committerEmail === commit.authorEmail;
  const sameDate = commit.committerDate === commit.authorDate;
  return (
    <div className="commit-facts">
      <p>
        <strong>{commit.authorName}</strong> <span className="muted">&lt;{commit.authorEmail}&gt;</span> authored <When iso={commit.authorDate} />
      </p>
      {(!sameCommitter || !sameDate) && (
        <p>
          {sameCommitter ? (
            'Committed'
          ) : (
            <>
              <strong>{commit.committerName}</strong> <span className="muted">&lt;{commit.committerEmail}&gt;</span> committed
            </>
          )}{' '}
          <When iso={commit.committerDate} />
        </p>
      )}
      <p className="commit-ids">
        <span>
          Commit <span className="mono commit-full-oid">{commit.oid}</span>
        </span>
        <span className="commit-parents">
          {commit.parents.length === 0 ? (
            <span className="muted">No parent (first commit)</span>
          ) : (
            <>
              {commit.parents.length === 1 ? 'Parent' : 'Parents'}
              {commit.parents.map((p) => (
                <button key={p} type="button" className="link-button mono" aria-label={`Parent commit ${p.slice(0, 7)}`} onClick={() => onOpenCommit(p)}>
                  {p.slice(0, 7)}
                </button>
              ))}
            </>
          )}
        </span>
      </p>
    </div>
  );
}

function FileList({ files, selected, onSelect }: { files: FileDiff[]; selected: string | null; onSelect(path: string): void }) {
  return (
    <ul className="commit-files" aria-label="Files in this commit">
      {files.map((f) => (
        <li key={f.path}>
          <button
            type="button"
            className="commit-file"
            aria-current={f.path === selected || undefined}
            onClick={() => onSelect(f.path)}
            title={f.oldPath ? `${f.oldPath} → ${f.path}` : f.path}
          >
            <span className={`file-status file-status-${f.status}`} aria-label={STATUS_WORD[f.status]}>
              {STATUS_LETTER[f.status]}
            </span>
            <span className="commit-file-path mono">
              {f.oldPath && f.oldPath !== f.path && <span className="muted">{f.oldPath} → </span>}
              {f.path}
            </span>
            <span className="commit-file-stats mono">
              {f.binary || f.tooLarge ? (
                <span className="muted">{f.binary ? 'binary' : 'large'}</span>
              ) : (
                <>
                  <span className="diff-stat-add">+{f.additions}</span> <span className="diff-stat-del">−{f.deletions}</span>
                </>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Layout and whitespace switches; both are remembered for every diff. */
function DiffSettings() {
  const mode = useAppStore((s) => s.diffMode);
  const setMode = useAppStore((s) => s.setDiffMode);
  const ignoreWhitespace = useAppStore((s) => s.diffIgnoreWhitespace);
  const setIgnoreWhitespace = useAppStore((s) => s.setDiffIgnoreWhitespace);
  return <DiffToolbar mode={mode} onModeChange={setMode} ignoreWhitespace={ignoreWhitespace} onIgnoreWhitespaceChange={setIgnoreWhitespace} />;
}

function Detail({
  workspaceId,
  detail,
  onOpenCommit,
  onFileHistory,
}: {
  workspaceId: string;
  detail: HistoryCommitDetail;
  onOpenCommit(oid: string): void;
  onFileHistory(path: string): void;
}) {
  const { commit, files } = detail;
  const [selectedPath, setSelectedPath] = useState<string | null>(files[0]?.path ?? null);
  useEffect(() => setSelectedPath(files[0]?.path ?? null), [files]);
  const file = files.find((f) => f.path === selectedPath) ?? files[0] ?? null;
  const counted = files.filter((f) => !f.tooLarge && !f.binary);
  const additions = counted.reduce((n, f) => n + f.additions, 0);
  const deletions = counted.reduce((n, f) => n + f.deletions, 0);

  return (
    <>
      <header className="commit-head">
        <h3 className="commit-title" tabIndex={-1} id="commit-detail-title">
          {commit.subject || '(no message)'}
        </h3>
        {commit.body && <pre className="commit-message">{commit.body}</pre>}
        <CommitMeta commit={commit} onOpenCommit={onOpenCommit} />
      </header>
      <div className="commit-files-head">
        <span>
          {files.length} {files.length === 1 ? 'file' : 'files'} changed
        </span>
        {counted.length > 0 && (
          <span className="mono">
            <span className="diff-stat-add">+{additions}</span> <span className="diff-stat-del">−{deletions}</span>
          </span>
        )}
        {detail.truncated && <span className="muted">Large commit: some diffs load when opened.</span>}
        <DiffSettings />
      </div>
      {files.length > 0 ? (
        <FileList files={files} selected={file?.path ?? null} onSelect={setSelectedPath} />
      ) : (
        <p className="muted commit-no-files">This commit changes no files.</p>
      )}
      {file && <FilePanel workspaceId={workspaceId} commit={commit} file={file} truncated={detail.truncated} onFileHistory={onFileHistory} />}
    </>
  );
}

/**
 * The right pane: the selected commit's message, facts, files and the diff of one file. Memoized:
 * each page of commits loading into the list must not re-render the diff beside it.
 */
export const CommitDetail = memo(forwardRef<HTMLElement, {
  workspaceId: string;
  state: CommitDetailState | null;
  onOpenCommit(oid: string): void;
  onFileHistory(path: string): void;
  onRetry(): void;
}>(function CommitDetail({ workspaceId, state, onOpenCommit, onFileHistory, onRetry }, ref) {
  let content;
  if (!state) {
    content = <p className="history-empty muted">Select a commit to see what it changed.</p>;
  } else if (state.error) {
    const { title, message } = describeError(state.error);
    content = (
      <div className="history-empty" role="alert">
        <p>
          <strong>{title}.</strong> {message}
        </p>
        <button type="button" className="button diff-button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  } else if (!state.detail) {
    content = (
      <p className="history-empty muted" role="status">
        <span className="spinner" aria-hidden="true" /> Loading commit {state.oid.slice(0, 7)}…
      </p>
    );
  } else {
    content = <Detail key={state.oid} workspaceId={workspaceId} detail={state.detail} onOpenCommit={onOpenCommit} onFileHistory={onFileHistory} />;
  }
  return (
    <section ref={ref} className="commit-detail" aria-label="Commit details" tabIndex={-1}>
      {content}
    </section>
  );
}));
