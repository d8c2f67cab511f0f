/*
 * Accessible names (see App.tsx for the convention):
 *   region 'Diff of <path>'            the whole file diff
 *   region 'Lines of <path>'           the scrolling lines (focusable, scroll with the keyboard)
 *   button 'Show anyway'               on the big-file guard, when the caller can fetch the full diff
 *   group  'Image preview'             binary images: figures 'Before' / 'After'
 *   Row classes for tests: .diff-line.diff-add | .diff-del | .diff-context, .diff-hunk, .diff-note
 */
import { useMemo, type ReactNode } from 'react';
import type { FileDiff } from '../../../../shared/contract/history';
import { DiffBody } from './diff-body';
import { buildDiffModel } from './diff-rows';
import { ImagePreview, imageType, type ImageLoader } from './image-preview';
import { useSyntaxTokens } from './use-syntax-tokens';
import './diff.css';

export interface DiffViewProps {
  diff: FileDiff;
  mode: 'unified' | 'split';
  /** Fetches the diff past the size guard; without it the guard offers no button. */
  onShowAnyway?: () => void;
  /** True while that fetch runs. */
  showAnywayBusy?: boolean;
  /** Reads one side of a binary image as a data: URL, for the before/after preview. */
  loadImage?: ImageLoader;
  /** What to say when there are no hunks (e.g. "Only whitespace changed"). */
  emptyText?: string;
  /** Buttons for the file header's end (e.g. "Open file at this commit"). */
  actions?: ReactNode;
}

const STATUS_TEXT: Record<FileDiff['status'], string> = {
  added: 'Added',
  modified: 'Modified',
  deleted: 'Deleted',
  renamed: 'Renamed',
};

const EXECUTABLE: Record<string, string> = {
  '100644': 'regular file',
  '100755': 'executable',
  '120000': 'symbolic link',
  '160000': 'submodule',
};

function modeText(mode: string): string {
  return EXECUTABLE[mode] ? `${mode} (${EXECUTABLE[mode]})` : mode;
}

/** The file's name line: status, old → new for renames, mode changes, line counts. */
export function DiffHeader({ diff, actions }: { diff: FileDiff; actions?: ReactNode }) {
  const modeChanged = diff.oldMode && diff.newMode && diff.oldMode !== diff.newMode;
  return (
    <header className="diff-header">
      <span className={`diff-status diff-status-${diff.status}`}>{STATUS_TEXT[diff.status]}</span>
      <span className="diff-path mono" title={diff.path}>
        {diff.oldPath && diff.oldPath !== diff.path ? (
          <>
            <span className="diff-old-path">{diff.oldPath}</span>
            <span aria-label="renamed to"> → </span>
            {diff.path}
          </>
        ) : (
          diff.path
        )}
      </span>
      {!diff.binary && !diff.tooLarge && (
        <span className="diff-stats mono" aria-label={`${diff.additions} added, ${diff.deletions} removed`}>
          <span className="diff-stat-add">+{diff.additions}</span> <span className="diff-stat-del">−{diff.deletions}</span>
        </span>
      )}
      {modeChanged && (
        <span className="diff-mode-change">
          Mode changed: {modeText(diff.oldMode!)} → {modeText(diff.newMode!)}
        </span>
      )}
      {actions && <span className="diff-actions">{actions}</span>}
    </header>
  );
}

function emptyDiffText(diff: FileDiff): string {
  if (diff.status === 'added') return 'Empty file added.';
  if (diff.status === 'deleted') return 'Empty file deleted.';
  if (diff.status === 'renamed') return 'Renamed without content changes.';
  if (diff.oldMode && diff.newMode && diff.oldMode !== diff.newMode) return 'Only the file mode changed.';
  return 'No content changes.';
}

function formatCount(n: number): string {
  return n.toLocaleString();
}

/** One file's diff: unified or side by side, with the guards for binary and very large files. */
export function DiffView({ diff, mode, onShowAnyway, showAnywayBusy = false, loadImage, emptyText, actions }: DiffViewProps) {
  const model = useMemo(() => buildDiffModel(diff.hunks), [diff.hunks]);
  const tokens = useSyntaxTokens(model.oldText, model.newText, diff.oldPath ?? diff.path, diff.path);

  let body;
  if (diff.binary) {
    const previewable = loadImage && imageType(diff.path);
    body = (
      <div className="diff-notice">
        <p>
          <strong>Binary file.</strong> Its contents are not shown as text.
        </p>
        {previewable && <ImagePreview load={loadImage} hasOld={diff.status !== 'added'} hasNew={diff.status !== 'deleted'} />}
      </div>
    );
  } else if (diff.tooLarge) {
    const counted = diff.additions + diff.deletions > 0;
    body = (
      <div className="diff-notice diff-guard" role="note">
        <p>
          <strong>This diff is large.</strong> It is not shown by default to keep Reposync responsive.
        </p>
        {counted && (
          <p className="muted">
            {formatCount(diff.additions)} lines added, {formatCount(diff.deletions)} lines removed.
          </p>
        )}
        {onShowAnyway && (
          <button type="button" className="button" onClick={onShowAnyway} aria-disabled={showAnywayBusy || undefined} disabled={showAnywayBusy}>
            {showAnywayBusy && <span className="spinner" aria-hidden="true" />}
            Show anyway
          </button>
        )}
      </div>
    );
  } else if (diff.hunks.length === 0) {
    const text = emptyText ?? emptyDiffText(diff);
    body = <p className="diff-notice muted">{text}</p>;
  } else {
    body = <DiffBody model={model} mode={mode} tokens={tokens} label={`Lines of ${diff.path}`} />;
  }

  return (
    <section className="diff" aria-label={`Diff of ${diff.path}`}>
      <DiffHeader diff={diff} actions={actions} />
      {body}
    </section>
  );
}
