/*
 * Accessible names: group 'Diff layout' with buttons 'Unified' / 'Split' (aria-pressed);
 * checkbox 'Hide whitespace changes' (only when the caller handles it).
 */
import type { ReactNode } from 'react';

export interface DiffToolbarProps {
  mode: 'unified' | 'split';
  onModeChange(mode: 'unified' | 'split'): void;
  ignoreWhitespace?: boolean;
  onIgnoreWhitespaceChange?(on: boolean): void;
  /** Extra controls at the end (e.g. "Open file at this commit"). */
  children?: ReactNode;
}

/** The diff's view settings: layout toggle and the whitespace switch. */
export function DiffToolbar({ mode, onModeChange, ignoreWhitespace, onIgnoreWhitespaceChange, children }: DiffToolbarProps) {
  return (
    <div className="diff-toolbar">
      <div className="segmented" role="group" aria-label="Diff layout">
        {(['unified', 'split'] as const).map((m) => (
          <button key={m} type="button" className="segmented-button" aria-pressed={mode === m} onClick={() => onModeChange(m)}>
            {m === 'unified' ? 'Unified' : 'Split'}
          </button>
        ))}
      </div>
      {onIgnoreWhitespaceChange && (
        <label className="diff-check">
          <input type="checkbox" checked={ignoreWhitespace ?? false} onChange={(e) => onIgnoreWhitespaceChange(e.target.checked)} />
          Hide whitespace changes
        </label>
      )}
      {children && <div className="diff-toolbar-end">{children}</div>}
    </div>
  );
}
