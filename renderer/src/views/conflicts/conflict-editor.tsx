import type { EditorView, KeyBinding } from '@codemirror/view';
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Conflict } from '../../../../shared/contract';
import { Dialog } from '../../components/dialog';
import { describeError } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import type { ErrorPayload } from '../../../../shared/errors';
import { CodePane, revealLine, type LineMark } from './code-pane';
import { acceptBlock, findMarkerBlocks, type BlockChoice, type MarkerBlock } from './conflict-markers';
import { resultWidgets, type AcceptHandler } from './result-widgets';
import { mergeThreeWay, renderMerge, type ConflictChunk } from './three-way';

/** What the Result starts with: an earlier merged resolution, else the merge with markers where both sides changed. */
export function initialResult(conflict: Conflict): string {
  if (conflict.resolution && typeof conflict.resolution === 'object') return conflict.resolution.merged;
  if (conflict.resolution === 'ours') return conflict.ours ?? '';
  if (conflict.resolution === 'theirs') return conflict.theirs ?? '';
  return renderMerge(mergeThreeWay(conflict.base ?? '', conflict.ours ?? '', conflict.theirs ?? ''));
}

/** The conflict of the three-way merge that a marker block in the Result still shows (matched by its sides). */
function chunkFor(block: MarkerBlock | undefined, chunks: ConflictChunk[]): ConflictChunk | undefined {
  if (!block) return undefined;
  return chunks.find((c) => c.ours.join('') === block.ours && c.theirs.join('') === block.theirs) ?? chunks.find((c) => c.ours.join('') === block.ours);
}

interface ConflictEditorProps {
  workspaceId: string;
  conflict: Conflict;
  onResolved(): void;
}

/** The 3-way merge editor for one text file: Mine, Base and Theirs above, the editable Result below. */
export function ConflictEditor({ workspaceId, conflict, onResolved }: ConflictEditorProps) {
  const draft = useAppStore((s) => s.mergeDrafts[workspaceId]?.[conflict.path]);
  const setMergeDraft = useAppStore((s) => s.setMergeDraft);
  const resolveConflict = useAppStore((s) => s.resolveConflict);
  const resolving = useAppStore((s) => s.syncActivity[workspaceId]?.action === 'resolve');
  const [current, setCurrent] = useState(0);
  const [confirmMarkers, setConfirmMarkers] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const views = { ours: useRef<EditorView | null>(null), base: useRef<EditorView | null>(null), theirs: useRef<EditorView | null>(null), result: useRef<EditorView | null>(null) };

  const chunks = useMemo(() => mergeThreeWay(conflict.base ?? '', conflict.ours ?? '', conflict.theirs ?? ''), [conflict.base, conflict.ours, conflict.theirs]);
  const conflictChunks = useMemo(() => chunks.filter((c): c is ConflictChunk => c.kind === 'conflict'), [chunks]);
  const result = draft ?? initialResult(conflict);
  const blocks = useMemo(() => findMarkerBlocks(result), [result]);
  const at = Math.min(current, Math.max(0, blocks.length - 1));
  const currentChunk = chunkFor(blocks[at], conflictChunks);

  const setResult = (text: string) => setMergeDraft(workspaceId, conflict.path, text);

  const goTo = (index: number) => {
    if (blocks.length === 0) return;
    const i = (index + blocks.length) % blocks.length;
    setCurrent(i);
    revealLine(views.result.current, blocks[i]!.startLine, true);
    const chunk = chunkFor(blocks[i], conflictChunks);
    if (chunk) {
      revealLine(views.ours.current, chunk.oursStart);
      revealLine(views.base.current, chunk.baseStart);
      revealLine(views.theirs.current, chunk.theirsStart);
    }
  };

  const accept = (index: number, choice: BlockChoice) => {
    const next = acceptBlock(result, index, choice);
    setResult(next);
    setCurrent(Math.min(index, Math.max(0, findMarkerBlocks(next).length - 1)));
  };
  // The widgets inside CodeMirror call the newest `accept` through this stable object.
  const acceptHandler = useRef<AcceptHandler>({ current: accept }).current;
  acceptHandler.current = accept;
  const widgets = useMemo(() => resultWidgets(acceptHandler), [acceptHandler]);

  const keys: KeyBinding[] = [
    { key: 'Alt-ArrowDown', run: () => (goTo(at + 1), true) },
    { key: 'Alt-ArrowUp', run: () => (goTo(at - 1), true) },
  ];
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
    // Inside an editor CodeMirror's own binding already ran.
    if ((e.target as HTMLElement).closest('.cm-editor')) return;
    e.preventDefault();
    goTo(e.key === 'ArrowDown' ? at + 1 : at - 1);
  };

  const markSide = (side: 'ours' | 'base' | 'theirs'): LineMark[] =>
    conflictChunks.map((c) => {
      const start = side === 'ours' ? c.oursStart : side === 'theirs' ? c.theirsStart : c.baseStart;
      const length = c[side].length;
      return { from: start, to: start + length, className: `cm-side-${side}${c === currentChunk ? ' cm-side-current' : ''}` };
    });
  const marks = useMemo(() => ({ ours: markSide('ours'), base: markSide('base'), theirs: markSide('theirs') }), [conflictChunks, currentChunk]);

  const save = async (resolution: 'ours' | 'theirs' | { merged: string }) => {
    setError(null);
    setConfirmMarkers(false);
    const outcome = await resolveConflict({ workspaceId, path: conflict.path, resolution });
    if (!outcome.ok) return setError(outcome.error);
    if (resolution === 'ours') setResult(conflict.ours ?? '');
    if (resolution === 'theirs') setResult(conflict.theirs ?? '');
    onResolved();
  };
  const markResolved = () => (blocks.length > 0 ? setConfirmMarkers(true) : void save({ merged: result }));

  const left = blocks.length;
  return (
    <div className="merge-editor" onKeyDown={onKeyDown}>
      <div className="merge-toolbar" role="toolbar" aria-label="Merge tools">
        <span className={`merge-counter${left === 0 ? ' merge-counter-done' : ''}`} role="status">
          {left === 0 ? 'No conflicts left' : `Conflict ${at + 1} of ${left}`}
        </span>
        <button type="button" className="button button-small button-icon" disabled={left === 0} aria-label="Previous" title="Previous conflict (Alt+↑)" aria-keyshortcuts="Alt+ArrowUp" onClick={() => goTo(at - 1)}>
          <span aria-hidden="true">↑</span>
        </button>
        <button type="button" className="button button-small button-icon" disabled={left === 0} aria-label="Next" title="Next conflict (Alt+↓)" aria-keyshortcuts="Alt+ArrowDown" onClick={() => goTo(at + 1)}>
          <span aria-hidden="true">↓</span>
        </button>
        <span className="merge-sep" aria-hidden="true" />
        <button type="button" className="button button-small button-ours" disabled={left === 0} title="Keep your lines for this conflict" onClick={() => accept(at, 'ours')}>
          Accept mine
        </button>
        <button type="button" className="button button-small button-theirs" disabled={left === 0} title="Take the remote lines for this conflict" onClick={() => accept(at, 'theirs')}>
          Accept theirs
        </button>
        <button type="button" className="button button-small" disabled={left === 0} title="Keep your lines, then the remote ones" onClick={() => accept(at, 'both')}>
          Accept both
        </button>
        <span className="merge-spacer" />
        <button type="button" className="button button-small" title="Resolve the whole file with your version" disabled={resolving} onClick={() => void save('ours')}>
          Use mine
        </button>
        <button type="button" className="button button-small" title="Resolve the whole file with the remote version" disabled={resolving} onClick={() => void save('theirs')}>
          Use theirs
        </button>
      </div>

      <div className="merge-panes">
        <Pane title="Mine" note="your version" tone="ours">
          <CodePane label="Mine" value={conflict.ours ?? ''} path={conflict.path} marks={marks.ours} keys={keys} viewRef={views.ours} />
        </Pane>
        <Pane title="Base" note="before both changes" tone="base">
          <CodePane label="Base" value={conflict.base ?? ''} path={conflict.path} marks={marks.base} keys={keys} viewRef={views.base} />
        </Pane>
        <Pane title="Theirs" note="remote version" tone="theirs">
          <CodePane label="Theirs" value={conflict.theirs ?? ''} path={conflict.path} marks={marks.theirs} keys={keys} viewRef={views.theirs} />
        </Pane>
      </div>

      <Pane
        title="Result"
        note="what will be saved; edit freely"
        tone="result"
        tools={
          <button type="button" className="button button-small" onClick={() => setResult(renderMerge(chunks))}>
            Start over
          </button>
        }
      >
        <CodePane label="Result" value={result} onChange={setResult} path={conflict.path} keys={keys} viewRef={views.result} extensions={widgets} />
      </Pane>

      {error && (
        <p className="callout callout-danger" role="alert">
          <strong>{describeError(error).title}.</strong> {describeError(error).message}
        </p>
      )}
      <div className="merge-footer">
        <p className="muted merge-footer-text">
          {conflict.resolution ? 'Resolved. Mark it again to save changes you made since.' : left > 0 ? `Choose a side for each conflict, or edit the Result.` : 'All conflicts are settled in the Result.'}
        </p>
        <button type="button" className="button button-primary" disabled={resolving} onClick={markResolved}>
          {resolving && <span className="spinner" aria-hidden="true" />}
          Mark resolved
        </button>
      </div>

      {confirmMarkers && (
        <Dialog role="alertdialog" title="Conflict markers are left" onClose={() => setConfirmMarkers(false)}
          description={<p>The Result still has {left} conflict{left === 1 ? '' : 's'} with <code>&lt;&lt;&lt;&lt;&lt;&lt;&lt;</code> markers. They would be saved into the file as they are.</p>}>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setConfirmMarkers(false)}>
              Keep editing
            </button>
            <button type="button" className="button button-danger" onClick={() => void save({ merged: result })}>
              Mark resolved anyway
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function Pane({ title, note, tone, tools, children }: { title: string; note: string; tone: string; tools?: ReactNode; children: ReactNode }) {
  return (
    <section className={`merge-pane merge-pane-${tone}`} aria-label={title}>
      <header className="merge-pane-head">
        <span className="merge-pane-title">{title}</span>
        <span className="muted merge-pane-note">{note}</span>
        {tools && <span className="merge-pane-tools">{tools}</span>}
      </header>
      <div className="merge-pane-body">{children}</div>
    </section>
  );
}
