/*
 * Accessible names (Conflicts tab), for tests and assistive tech:
 *   region 'Conflicts'; list 'Conflicted files' with a button per file '<path> <Unresolved|Resolved…>'
 *     (aria-current on the open one)
 *   toolbar 'Merge tools': status 'Conflict N of M' | 'No conflicts left'; buttons
 *     'Previous' (Alt+↑) / 'Next' (Alt+↓), 'Accept mine' | 'Accept theirs' | 'Accept both' (the
 *     current conflict; use exact: true), 'Use mine' | 'Use theirs' (whole file)
 *   regions 'Mine' | 'Base' | 'Theirs' | 'Result', each with a textbox of the same name
 *     (CodeMirror; only Result is editable); above each conflict in the Result a group
 *     'Conflict N' with buttons 'Accept mine in conflict N' | 'Accept theirs in conflict N' |
 *     'Accept both in conflict N'; button 'Start over'
 *   button 'Mark resolved' (alertdialog 'Conflict markers are left' → 'Mark resolved anyway')
 *   binary / deleted / too large: buttons 'Use mine' | 'Use theirs' (aria-pressed when chosen)
 *   region 'Finish the merge': textbox 'Merge message', checkbox 'Push after completing',
 *     button 'Complete merge' (alertdialog 'Complete with conflict markers?' → 'Complete anyway'),
 *     button 'Abort merge…' (alertdialog 'Abort the merge?' → 'Abort merge' | 'Keep resolving')
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import type { Conflict } from '../../../../shared/contract';
import type { Workspace } from '../../../../shared/domain';
import { describeError } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import { MergeActions } from './merge-actions';
import { SideChoice } from './side-choice';
import './conflicts.css';

// CodeMirror is loaded with the editor, the first time a conflict is shown.
const ConflictEditor = lazy(() => import('./conflict-editor').then((m) => ({ default: m.ConflictEditor })));

function resolutionText(c: Conflict): string {
  if (c.resolution === null) return 'Unresolved';
  if (c.resolution === 'ours') return 'Resolved: mine';
  if (c.resolution === 'theirs') return 'Resolved: theirs';
  return 'Resolved: edited';
}

/** Line-by-line merging needs text on both sides; anything else is a whole-file choice. */
function needsSideChoice(c: Conflict): boolean {
  return c.binary || c.tooLarge || c.ours === null || c.theirs === null;
}

/** Conflicts tab: every conflicted file of the unfinished merge, the 3-way editor, and complete/abort. */
export function ConflictsView({ workspace }: { workspace: Workspace }) {
  const entry = useAppStore((s) => s.conflicts[workspace.id]);
  const loadConflicts = useAppStore((s) => s.loadConflicts);
  const statusState = useAppStore((s) => s.statuses[workspace.id]?.status?.state);
  const [selected, setSelected] = useState<string | null>(null);
  const data = entry?.data ?? null;

  useEffect(() => {
    void loadConflicts(workspace.id);
  }, [workspace.id, statusState, loadConflicts]);

  if (!data) {
    if (entry?.error) {
      const text = describeError(entry.error);
      return (
        <section className="conflicts-view" aria-label="Conflicts">
          <p className="callout callout-danger" role="alert">
            <strong>{text.title}.</strong> {text.message}
          </p>
        </section>
      );
    }
    return (
      <section className="conflicts-view" aria-label="Conflicts">
        <p className="muted empty-note">Reading the merge…</p>
      </section>
    );
  }

  if (!data.merging) {
    return (
      <section className="conflicts-view" aria-label="Conflicts">
        <div className="conflicts-empty">
          <h3 className="section-title">No conflicts</h3>
          <p className="muted">When a pull finds that you and someone else changed the same lines, the files show up here to be merged side by side. Nothing is lost meanwhile.</p>
        </div>
      </section>
    );
  }

  const paths = data.paths;
  const open = paths.find((p) => p.path === selected) ?? paths.find((p) => p.resolution === null) ?? paths[0] ?? null;
  const unresolved = paths.filter((p) => p.resolution === null).length;
  const next = () => {
    const after = paths.find((p) => p.resolution === null && p.path !== open?.path);
    if (after) setSelected(after.path);
  };

  return (
    <section className="conflicts-view" aria-label="Conflicts">
      <p className="conflicts-lead">
        {unresolved > 0 ? (
          <>
            <strong>
              {unresolved} of {paths.length} file{paths.length === 1 ? '' : 's'} to resolve.
            </strong>{' '}
            The pull brought changes to lines you changed too. Choose what to keep, then complete the merge.
          </>
        ) : (
          <>
            <strong>Every file is resolved.</strong> Complete the merge to commit it{workspace.remoteUrl ? ' and push' : ''}.
          </>
        )}
      </p>
      <div className="conflicts-layout">
        <ul className="conflict-files" aria-label="Conflicted files">
          {paths.map((p) => (
            <li key={p.path}>
              <button type="button" className="conflict-file" aria-current={p.path === open?.path || undefined} onClick={() => setSelected(p.path)}>
                <span className={`conflict-dot${p.resolution ? ' conflict-dot-done' : ''}`} aria-hidden="true" />
                <span className="conflict-file-path" title={p.path}>
                  {p.path}
                </span>
                <span className={`conflict-state${p.resolution ? ' conflict-state-done' : ''}`}>{resolutionText(p)}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="conflicts-main">
          {open &&
            (needsSideChoice(open) ? (
              <SideChoice key={open.path} workspaceId={workspace.id} conflict={open} onResolved={next} />
            ) : (
              <Suspense fallback={<p className="muted empty-note">Opening the merge editor…</p>}>
                <ConflictEditor key={open.path} workspaceId={workspace.id} conflict={open} onResolved={next} />
              </Suspense>
            ))}
        </div>
      </div>
      <MergeActions workspace={workspace} data={data} />
    </section>
  );
}
