/*
 * Accessible names (Changes tab), for tests and assistive tech:
 *   region 'Changes'
 *   buttons 'Pull…' (opens dialog 'Pull “<name>”'), 'Undo last sync…' (alertdialog 'Undo last sync'),
 *     'Promote…' (only with environments; dialog 'Promote')
 *   callout with button 'Resolve conflicts' while a merge is unfinished
 *   checkbox 'Select all files' (mixed when some), list 'Files to push' with, per file,
 *     checkbox 'Include <path>' and a button '<path> <Kind>' that shows its diff (aria-current)
 *   region 'Diff of <path>': checkbox 'Hide whitespace changes', group 'Diff layout' with
 *     toggle buttons 'Unified' | 'Split'
 *   textbox 'Summary', textbox 'Description', textboxes 'Author name' / 'Author e-mail' (only
 *     when the workspace has no author), checkbox 'Open a pull request' (with a connection),
 *     textbox 'New branch name', textbox 'Pull request title' (default: the summary),
 *     textbox 'Pull request description'; on success a status with link '<pull request URL>'
 *   button 'Push N files' | 'Push to <branch>' (disabled with the reason under it),
 *     progressbar 'Push progress'; Ctrl/Cmd+Enter pushes from the message
 *   alert on failure; for a refused push it has button 'Pull first'
 *   button 'Push N commits' when there is nothing to commit but commits to push
 * Pull dialog: radios 'Merge' | 'Fast-forward only', buttons 'Preview' / 'Preview again',
 *   'Pull', 'Cancel'; region 'Preview' with lists 'Changed on both sides' | 'Updated' | 'New' |
 *   'Deleted', comboboxes 'Choice for <path>' (Resolve in the editor | Keep mine | Take theirs),
 *   checkbox 'Commit my local changes first'; progressbars 'Preview progress' / 'Pull progress';
 *   afterwards button 'Resolve conflicts' or 'Done'.
 * Undo dialog: radios per backup, button 'Restore backup', 'Cancel'.
 * Promote dialog: combobox 'Environment', textbox 'Version to promote', checkbox 'Merge if …',
 *   button 'Promote…' then alertdialog 'Promote to <env>?' with 'Confirm promote' / 'Back'.
 */
import { useMemo, useRef, useState } from 'react';
import type { PushResult } from '../../../../shared/contract';
import type { Workspace } from '../../../../shared/domain';
import type { Outcome } from '../../store/sync-slice';
import { useAppStore } from '../../store/store-context';
import { PromoteButton } from '../promote/promote-dialog';
import { PullDialog } from '../pull/pull-dialog';
import { UndoButton } from '../undo/undo-dialog';
import { CommitBox } from './commit-box';
import { FileChecklist } from './file-checklist';
import { PushCommits } from './push-commits';
import { PushOutcome } from './push-outcome';
import { WorkingDiff } from './working-diff';
import './changes.css';

/** The push request's limit; beyond it "all files" is sent as no list at all. */
const MAX_PATHS = 10_000;

/** Changes tab: pick files, read their diffs, write a message, push. Pull, undo and promote are one click away. */
export function ChangesView({ workspace }: { workspace: Workspace }) {
  const entry = useAppStore((s) => s.statuses[workspace.id]);
  const openWorkspace = useAppStore((s) => s.openWorkspace);
  const status = entry?.status ?? null;
  const files = useMemo(() => status?.files.filter((f) => f.kind !== 'conflicted') ?? [], [status]);
  // Unchecked paths are remembered (not checked ones), so files that appear later start checked.
  const [unchecked, setUnchecked] = useState<Set<string>>(() => new Set());
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const [pullOpen, setPullOpen] = useState(false);
  const [pushed, setPushed] = useState<Outcome<PushResult> | null>(null);
  const readCount = useRef(0);

  // Each status read is a new object: the diff is fetched again, as the file may have been edited.
  const statusVersion = useMemo(() => `${++readCount.current}`, [status]);

  const isChecked = (path: string) => !unchecked.has(path);
  const checked = files.filter((f) => isChecked(f.path)).map((f) => f.path);
  const shownPath = selectedPath && files.some((f) => f.path === selectedPath) ? selectedPath : (files[0]?.path ?? null);
  const paths = checked.length === files.length && files.length > MAX_PATHS ? null : checked;
  const inMerge = status?.state === 'conflicted' || (status?.conflicts.length ?? 0) > 0;

  const toggle = (path: string, on: boolean) =>
    setUnchecked((prev) => {
      const next = new Set(prev);
      if (on) next.delete(path);
      else next.add(path);
      return next;
    });
  const toggleAll = (on: boolean) => setUnchecked(on ? new Set() : new Set(files.map((f) => f.path)));

  return (
    <section className="changes-view" aria-label="Changes">
      <div className="sync-bar">
        <p className="sync-bar-text muted">
          {status ? (files.length ? `${files.length} changed file${files.length === 1 ? '' : 's'}` : 'No uncommitted changes') : 'Reading the folder…'}
          {status && status.ahead > 0 && ` · ${status.ahead} commit${status.ahead === 1 ? '' : 's'} not pushed`}
          {status && status.behind > 0 && ` · ${status.behind} to pull`}
        </p>
        <div className="toolbar">
          <button type="button" className="button" onClick={() => setPullOpen(true)}>
            Pull…
          </button>
          <UndoButton workspace={workspace} />
          <PromoteButton workspace={workspace} />
        </div>
      </div>

      {inMerge && (
        <div className="callout callout-warn sync-merge-note">
          <span>
            <strong>A pull stopped with conflicts.</strong> Resolve them (or abort the merge) before pushing.
          </span>
          <button type="button" className="button" onClick={() => openWorkspace(workspace.id, 'conflicts')}>
            Resolve conflicts
          </button>
        </div>
      )}

      {pushed && (
        <PushOutcome
          outcome={pushed}
          onDismiss={() => setPushed(null)}
          onPullFirst={() => {
            setPushed(null);
            setPullOpen(true);
          }}
        />
      )}

      {status && files.length === 0 ? (
        <div className="changes-empty">
          <p className="muted empty-note">
            {status.ahead > 0
              ? `Nothing new to commit. ${status.ahead} commit${status.ahead === 1 ? ' is' : 's are'} not on the remote yet.`
              : 'No changes. The folder matches the last commit.'}
          </p>
          {status.ahead > 0 && !inMerge && <PushCommits workspace={workspace} ahead={status.ahead} onPushed={setPushed} />}
        </div>
      ) : (
        status && (
          <div className="changes-layout">
            <div className="changes-side">
              <FileChecklist files={files} isChecked={isChecked} onToggle={toggle} onToggleAll={toggleAll} selectedPath={shownPath} onSelect={setSelectedPath} />
              {!inMerge && <CommitBox workspace={workspace} paths={paths} selectedCount={checked.length} onPushed={setPushed} />}
            </div>
            <div className="changes-main">
              {shownPath ? (
                <WorkingDiff workspaceId={workspace.id} path={shownPath} headOid={status.head?.oid ?? null} version={statusVersion} />
              ) : (
                <p className="muted empty-note">Choose a file to see its changes.</p>
              )}
            </div>
          </div>
        )
      )}
      {pullOpen && <PullDialog workspace={workspace} onClose={() => setPullOpen(false)} />}
    </section>
  );
}
