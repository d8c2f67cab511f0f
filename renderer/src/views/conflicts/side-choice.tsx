import { useState } from 'react';
import type { Conflict } from '../../../../shared/contract';
import type { ErrorPayload } from '../../../../shared/errors';
import { describeError } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';

function sideText(conflict: Conflict, side: 'ours' | 'theirs'): string {
  const deleted = side === 'ours' ? conflict.kind === 'deleted_by_us' : conflict.kind === 'deleted_by_them';
  if (deleted) return side === 'ours' ? 'You deleted this file.' : 'It was deleted on the remote.';
  if (conflict.binary) return side === 'ours' ? 'Your version of this binary file.' : 'The remote version of this binary file.';
  if (conflict.tooLarge) return side === 'ours' ? 'Your version (too large to merge line by line here).' : 'The remote version (too large to merge here).';
  return side === 'ours' ? 'Your version of the file.' : 'The remote version of the file.';
}

/** Files that cannot be merged line by line (binary, too large, deleted on one side): pick a whole side. */
export function SideChoice({ workspaceId, conflict, onResolved }: { workspaceId: string; conflict: Conflict; onResolved(): void }) {
  const resolveConflict = useAppStore((s) => s.resolveConflict);
  const resolving = useAppStore((s) => s.syncActivity[workspaceId]?.action === 'resolve');
  const [error, setError] = useState<ErrorPayload | null>(null);
  const why = conflict.binary
    ? 'This is a binary file: Reposync cannot merge it line by line.'
    : conflict.tooLarge
      ? 'This file is too large to merge here.'
      : 'One side deleted the file while the other changed it.';

  const choose = async (side: 'ours' | 'theirs') => {
    setError(null);
    const outcome = await resolveConflict({ workspaceId, path: conflict.path, resolution: side });
    if (outcome.ok) onResolved();
    else setError(outcome.error);
  };

  return (
    <div className="side-choice">
      <p>{why} Choose which version to keep.</p>
      <div className="side-choice-cards">
        {(['ours', 'theirs'] as const).map((side) => (
          <div key={side} className={`side-card${conflict.resolution === side ? ' side-card-chosen' : ''}`}>
            <h4 className="side-card-title">{side === 'ours' ? 'Mine' : 'Theirs'}</h4>
            <p className="muted">{sideText(conflict, side)}</p>
            <button type="button" className="button" disabled={resolving} aria-pressed={conflict.resolution === side} onClick={() => void choose(side)}>
              {side === 'ours' ? 'Use mine' : 'Use theirs'}
            </button>
          </div>
        ))}
      </div>
      {error && (
        <p className="callout callout-danger" role="alert">
          <strong>{describeError(error).title}.</strong> {describeError(error).message}
        </p>
      )}
    </div>
  );
}
