import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { CodeText } from './code-text';
import type { DiffModel, SideLine, SplitRow, UnifiedRow } from './diff-rows';
import type { SideTokens } from './use-syntax-tokens';

const ROW_HEIGHT = 20;

function tokensFor(tokens: SideTokens, side: 'old' | 'new', line: SideLine) {
  return (side === 'old' ? tokens.old : tokens.new)?.[line.index] ?? null;
}

const SIGN = { add: '+', del: '-', context: ' ' } as const;

function UnifiedLine({ row, tokens }: { row: UnifiedRow; tokens: SideTokens }) {
  if (row.type === 'hunk') return <div className="diff-hunk">{row.header}</div>;
  if (row.type === 'no-newline') return <div className="diff-note">\ No newline at end of file</div>;
  const line = (row.new ?? row.old)!;
  const side = row.new ? 'new' : 'old';
  return (
    <div className={`diff-line diff-${row.kind}`}>
      <span className="diff-no">{row.old?.no ?? ''}</span>
      <span className="diff-no">{row.new?.no ?? ''}</span>
      <span className="diff-sign" aria-hidden="true">
        {SIGN[row.kind]}
      </span>
      <span className="diff-code">
        <CodeText text={line.text} tokens={tokensFor(tokens, side, line)} changes={line.changes} />
      </span>
    </div>
  );
}

function SplitCell({ line, side, tokens }: { line: SideLine | null; side: 'old' | 'new'; tokens: SideTokens }) {
  if (!line) {
    return (
      <>
        <span className="diff-no diff-empty" />
        <span className="diff-code diff-empty" />
      </>
    );
  }
  return (
    <>
      <span className={`diff-no diff-${line.kind}`}>{line.no}</span>
      <span className={`diff-code diff-${line.kind}`}>
        <span className="diff-sign-inline" aria-hidden="true">
          {SIGN[line.kind]}
        </span>
        <CodeText text={line.text} tokens={tokensFor(tokens, side, line)} changes={line.changes} />
        {line.noNewline && <span className="diff-note-inline">\ No newline at end of file</span>}
      </span>
    </>
  );
}

function SplitLine({ row, tokens }: { row: SplitRow; tokens: SideTokens }) {
  if (row.type === 'hunk') return <div className="diff-hunk">{row.header}</div>;
  return (
    <div className="diff-line diff-split-line">
      <SplitCell line={row.left} side="old" tokens={tokens} />
      <SplitCell line={row.right} side="new" tokens={tokens} />
    </div>
  );
}

/**
 * The rows of a diff, virtualized: only what is on screen is in the DOM, so a 20k-line diff
 * opens at once. Long lines wrap; rows are measured as they render.
 */
export function DiffBody({ model, mode, tokens, label }: { model: DiffModel; mode: 'unified' | 'split'; tokens: SideTokens; label: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = mode === 'split' ? model.split : model.unified;
  const maxNo = useMemo(() => {
    let max = 0;
    for (const row of model.unified) if (row.type === 'line') max = Math.max(max, row.old?.no ?? 0, row.new?.no ?? 0);
    return String(max).length;
  }, [model]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    initialRect: { width: 800, height: 600 },
  });

  return (
    <div
      ref={scrollRef}
      className={`diff-scroll diff-${mode}`}
      style={{ ['--diff-no-width' as string]: `${Math.max(maxNo, 2) + 1}ch` }}
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      <div className="diff-rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div key={item.key} className="diff-row" data-index={item.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${item.start}px)` }}>
            {mode === 'split' ? (
              <SplitLine row={model.split[item.index]!} tokens={tokens} />
            ) : (
              <UnifiedLine row={model.unified[item.index]!} tokens={tokens} />
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
