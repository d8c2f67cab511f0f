import { useCallback, useEffect, useState } from 'react';
import type { CommitInfo, FileAt, FileDiff } from '../../../../shared/contract/history';
import type { ErrorPayload } from '../../../../shared/errors';
import { CodeFileView } from '../../components/diff/code-file-view';
import { DiffHeader, DiffView } from '../../components/diff/diff-view';
import { imageDataUrl } from '../../components/diff/image-preview';
import { describeError, toErrorPayload } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';

type Loaded<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: ErrorPayload };

function ErrorNote({ error, onRetry }: { error: ErrorPayload; onRetry(): void }) {
  const { title, message } = describeError(error);
  return (
    <div className="diff-notice" role="alert">
      <p>
        <strong>{title}.</strong> {message}
      </p>
      <button type="button" className="button diff-button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/**
 * One file of a commit: its diff (as listed in the commit, or fetched again without whitespace
 * changes / past the size guard), or its whole content at the commit.
 */
export function FilePanel({
  workspaceId,
  commit,
  file,
  truncated,
  onFileHistory,
}: {
  workspaceId: string;
  commit: CommitInfo;
  file: FileDiff;
  /** The commit's diff hit its budget: files without hunks may just be waiting for a fetch. */
  truncated: boolean;
  onFileHistory(path: string): void;
}) {
  const mode = useAppStore((s) => s.diffMode);
  const ignoreWhitespace = useAppStore((s) => s.diffIgnoreWhitespace);
  const fetchFileDiff = useAppStore((s) => s.fetchFileDiff);
  const fetchFileAt = useAppStore((s) => s.fetchFileAt);
  const [full, setFull] = useState(false);
  const [showFile, setShowFile] = useState(false);
  const [diff, setDiff] = useState<Loaded<FileDiff>>({ state: 'idle' });
  const [fileAt, setFileAt] = useState<Loaded<FileAt>>({ state: 'idle' });
  const [attempt, setAttempt] = useState(0);

  // A new file or commit starts from its listed diff, in diff view.
  useEffect(() => {
    setFull(false);
    setShowFile(false);
    setFileAt({ state: 'idle' });
  }, [commit.oid, file.path]);

  const budgetCut = truncated && file.tooLarge && !file.binary;
  const needsFetch = ignoreWhitespace || full || budgetCut;
  useEffect(() => {
    if (!needsFetch || file.binary) {
      setDiff({ state: 'idle' });
      return;
    }
    let live = true;
    setDiff({ state: 'loading' });
    fetchFileDiff(workspaceId, commit.oid, file.path, { full, ignoreWhitespace }).then(
      (value) => live && setDiff({ state: 'ready', value }),
      (err) => live && setDiff({ state: 'error', error: toErrorPayload(err) }),
    );
    return () => {
      live = false;
    };
  }, [needsFetch, full, ignoreWhitespace, workspaceId, commit.oid, file.path, file.binary, fetchFileDiff, attempt]);

  useEffect(() => {
    if (!showFile || file.status === 'deleted') return;
    let live = true;
    setFileAt({ state: 'loading' });
    fetchFileAt(workspaceId, commit.oid, file.path).then(
      (value) => live && setFileAt({ state: 'ready', value }),
      (err) => live && setFileAt({ state: 'error', error: toErrorPayload(err) }),
    );
    return () => {
      live = false;
    };
  }, [showFile, workspaceId, commit.oid, file.path, file.status, fetchFileAt, attempt]);

  const loadImage = useCallback(
    async (side: 'old' | 'new') => {
      const parent = commit.parents[0];
      const oid = side === 'new' ? commit.oid : parent;
      const path = side === 'new' ? file.path : (file.oldPath ?? file.path);
      if (!oid) return null;
      return imageDataUrl(path, await fetchFileAt(workspaceId, oid, path));
    },
    [workspaceId, commit.oid, commit.parents, file.path, file.oldPath, fetchFileAt],
  );

  const retry = () => setAttempt((n) => n + 1);
  const shown = diff.state === 'ready' ? diff.value : file;
  const busy = diff.state === 'loading';

  const historyButton = (
    <button type="button" className="button diff-button" onClick={() => onFileHistory(file.path)}>
      History of this file
    </button>
  );
  const diffActions = (
    <>
      {historyButton}
      {file.status !== 'deleted' && (
        <button type="button" className="button diff-button" onClick={() => setShowFile(true)}>
          Open file at this commit
        </button>
      )}
    </>
  );
  const fileActions = (
    <>
      {historyButton}
      <button type="button" className="button diff-button" onClick={() => setShowFile(false)}>
        Back to diff
      </button>
    </>
  );

  let body;
  if (showFile) {
    body =
      fileAt.state === 'ready' ? <CodeFileView file={fileAt.value} actions={fileActions} />
      : (
        <>
          <DiffHeader diff={file} actions={fileActions} />
          {fileAt.state === 'error' ? <ErrorNote error={fileAt.error} onRetry={retry} /> : <p className="diff-notice muted" role="status">Loading the file…</p>}
        </>
      );
  } else if (diff.state === 'error' || (busy && !full)) {
    body = (
      <>
        <DiffHeader diff={file} actions={diffActions} />
        {diff.state === 'error' ? <ErrorNote error={diff.error} onRetry={retry} /> : <p className="diff-notice muted" role="status">Loading the diff…</p>}
      </>
    );
  } else {
    body = (
      <DiffView
        diff={shown}
        mode={mode}
        onShowAnyway={() => setFull(true)}
        showAnywayBusy={busy && full}
        loadImage={loadImage}
        actions={diffActions}
        emptyText={ignoreWhitespace && shown.hunks.length === 0 && !shown.tooLarge && file.hunks.length > 0 ? 'Only whitespace changed.' : undefined}
      />
    );
  }

  return (
    <div className="file-panel">
      <div className="file-panel-body">{body}</div>
    </div>
  );
}
