import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { FileChange } from '../../../../shared/domain';
import { CHANGE_LABELS } from '../../lib/status-text';

interface FileChecklistProps {
  files: FileChange[];
  isChecked(path: string): boolean;
  onToggle(path: string, checked: boolean): void;
  onToggleAll(checked: boolean): void;
  selectedPath: string | null;
  onSelect(path: string): void;
}

/** Lists this long are drawn window by window; shorter ones stay plain (and simple to test). */
const VIRTUAL_FROM = 300;
const ROW_HEIGHT = 34;

const KIND_LETTER: Record<FileChange['kind'], string> = { added: 'A', modified: 'M', deleted: 'D', untracked: 'U', conflicted: '!' };

function splitPath(path: string): { dir: string; base: string } {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? { dir: '', base: path } : { dir: path.slice(0, slash + 1), base: path.slice(slash + 1) };
}

function Row({ file, checked, selected, onToggle, onSelect }: { file: FileChange; checked: boolean; selected: boolean; onToggle(checked: boolean): void; onSelect(): void }) {
  const { dir, base } = splitPath(file.path);
  return (
    <div className={`check-row${selected ? ' check-row-selected' : ''}`} role="listitem">
      <input type="checkbox" className="check-box" checked={checked} aria-label={`Include ${file.path}`} onChange={(e) => onToggle(e.target.checked)} />
      <button type="button" className="check-file" aria-current={selected || undefined} aria-label={`${file.path} ${CHANGE_LABELS[file.kind]}`} title={file.path} onClick={onSelect}>
        {/* Like VS Code's source control list: the name first, its folder dimmed after it. */}
        <span className="check-path">
          <span className="check-base">{base}</span>
          {dir && <span className="check-dir">{dir.slice(0, -1)}</span>}
        </span>
        <span className={`check-kind check-kind-${file.kind}`} title={CHANGE_LABELS[file.kind]}>
          <span aria-hidden="true">{KIND_LETTER[file.kind]}</span>
          <span className="sr-only">{CHANGE_LABELS[file.kind]}</span>
        </span>
      </button>
    </div>
  );
}

/**
 * The changed files with a checkbox each (what goes into the push) and a select-all box that
 * shows "some" as mixed. Clicking a name shows its diff.
 */
export function FileChecklist({ files, isChecked, onToggle, onToggleAll, selectedPath, onSelect }: FileChecklistProps) {
  const all = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const checkedCount = files.filter((f) => isChecked(f.path)).length;
  const allChecked = files.length > 0 && checkedCount === files.length;
  const someChecked = checkedCount > 0 && !allChecked;
  useEffect(() => {
    if (all.current) all.current.indeterminate = someChecked;
  }, [someChecked]);

  const virtual = files.length >= VIRTUAL_FROM;
  const virtualizer = useVirtualizer({
    count: virtual ? files.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const row = (file: FileChange) => (
    <Row
      key={file.path}
      file={file}
      checked={isChecked(file.path)}
      selected={file.path === selectedPath}
      onToggle={(checked) => onToggle(file.path, checked)}
      onSelect={() => onSelect(file.path)}
    />
  );

  return (
    <div className="checklist">
      <label className="checklist-head">
        <input
          ref={all}
          type="checkbox"
          className="check-box"
          checked={allChecked}
          aria-checked={someChecked ? 'mixed' : allChecked}
          aria-label="Select all files"
          onChange={() => onToggleAll(!allChecked)}
        />
        <span>
          {checkedCount === files.length ? `All ${files.length} files` : `${checkedCount} of ${files.length} files`} selected
        </span>
      </label>
      <div ref={scroller} className="checklist-scroll" role="list" aria-label="Files to push">
        {virtual ? (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => (
              <div key={item.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}>
                {row(files[item.index]!)}
              </div>
            ))}
          </div>
        ) : (
          files.map(row)
        )}
      </div>
    </div>
  );
}
