import { useCallback, useEffect, useState } from 'react';
import type { FileDiff } from '../../../../shared/contract';
import type { ErrorPayload } from '../../../../shared/errors';
import { DiffToolbar } from '../../components/diff/diff-toolbar';
import { DiffView } from '../../components/diff/diff-view';
import { imageDataUrl, type ImageLoader } from '../../components/diff/image-preview';
import { describeError } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';

interface WorkingDiffProps {
  workspaceId: string;
  path: string;
  headOid: string | null;
  /** Changes when the status is re-read, so an edited file's diff is fetched again. */
  version: string;
}

type Loaded = { state: 'loading' } | { state: 'ready'; diff: FileDiff } | { state: 'error'; error: ErrorPayload };

/** The diff of one changed file against its last commit: exactly what the push would commit. */
export function WorkingDiff({ workspaceId, path, headOid, version }: WorkingDiffProps) {
  const readWorkingDiff = useAppStore((s) => s.readWorkingDiff);
  const readWorkingFile = useAppStore((s) => s.readWorkingFile);
  const readCommittedFile = useAppStore((s) => s.readCommittedFile);
  const [mode, setMode] = useState<'unified' | 'split'>('unified');
  const [ignoreWhitespace, setIgnoreWhitespace] = useState(false);
  const [full, setFull] = useState(false);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => setFull(false), [path]);
  useEffect(() => {
    let live = true;
    // Keep showing the old diff of the same file while the new one loads: no flicker on refresh.
    setLoaded((l) => (l.state === 'ready' && l.diff.path === path ? l : { state: 'loading' }));
    void readWorkingDiff({ workspaceId, path, ignoreWhitespace, full }).then((outcome) => {
      if (live) setLoaded(outcome.ok ? { state: 'ready', diff: outcome.value } : { state: 'error', error: outcome.error });
    });
    return () => {
      live = false;
    };
  }, [readWorkingDiff, workspaceId, path, ignoreWhitespace, full, version]);

  const loadImage: ImageLoader = useCallback(
    async (side) => {
      if (side === 'old') {
        if (!headOid) return null;
        const o = await readCommittedFile({ workspaceId, oid: headOid, path });
        return o.ok ? imageDataUrl(path, o.value) : null;
      }
      const o = await readWorkingFile({ workspaceId, path });
      return o.ok && o.value.exists ? imageDataUrl(path, o.value) : null;
    },
    [workspaceId, path, headOid, readCommittedFile, readWorkingFile, version],
  );

  const diff = loaded.state === 'ready' ? loaded.diff : null;
  return (
    <div className="working-diff">
      <DiffToolbar mode={mode} onModeChange={setMode} ignoreWhitespace={ignoreWhitespace} onIgnoreWhitespaceChange={setIgnoreWhitespace} />
      {loaded.state === 'loading' && <p className="muted working-diff-note">Loading the diff of {path}…</p>}
      {loaded.state === 'error' && (
        <p className="callout callout-danger working-diff-note" role="alert">
          <strong>{describeError(loaded.error).title}.</strong> {describeError(loaded.error).message}
        </p>
      )}
      {diff && (
        <DiffView
          diff={diff}
          mode={mode}
          onShowAnyway={() => setFull(true)}
          showAnywayBusy={full && diff.tooLarge}
          loadImage={loadImage}
          emptyText={ignoreWhitespace ? 'Only whitespace changed.' : undefined}
        />
      )}
    </div>
  );
}
