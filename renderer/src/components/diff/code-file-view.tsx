/*
 * Accessible names: region 'Contents of <path>' (focusable, scrolls with the keyboard);
 * img '<path>' for previewable binary images.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, type ReactNode } from 'react';
import type { FileAt } from '../../../../shared/contract/history';
import { CodeText } from './code-text';
import { imageDataUrl } from './image-preview';
import { useSyntaxTokens } from './use-syntax-tokens';
import './diff.css';

const NO_LINES: string[] = [];

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Splits like an editor: a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function TextLines({ path, lines }: { path: string; lines: string[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const tokens = useSyntaxTokens(NO_LINES, lines, path, path);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 20,
    overscan: 20,
    initialRect: { width: 800, height: 600 },
  });
  return (
    <div
      ref={scrollRef}
      className="code-scroll"
      role="region"
      aria-label={`Contents of ${path}`}
      tabIndex={0}
      style={{ ['--diff-no-width' as string]: `${Math.max(String(lines.length).length, 2) + 2}ch` }}
    >
      <div className="diff-rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div key={item.key} className="diff-row code-line" data-index={item.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${item.start}px)` }}>
            <span className="diff-no">{item.index + 1}</span>
            <span className="diff-code">
              <CodeText text={lines[item.index]!} tokens={tokens.new?.[item.index] ?? null} changes={null} />
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}

/** A file's content as of a commit, read-only, with line numbers (or a notice/preview when not text). */
export function CodeFileView({ file, actions }: { file: FileAt; actions?: ReactNode }) {
  const lines = useMemo(() => (file.text === null ? null : splitLines(file.text)), [file.text]);
  let body;
  if (lines) {
    body = <TextLines path={file.path} lines={lines} />;
  } else {
    const url = file.tooLarge ? null : imageDataUrl(file.path, file);
    body = (
      <div className="diff-notice">
        {url ? (
          <div className="image-frame">
            <img src={url} alt={file.path} />
          </div>
        ) : (
          <p>
            {file.tooLarge ? (
              <>
                <strong>This file is too large to show</strong> ({formatSize(file.size)}).
              </>
            ) : file.binary ? (
              <>
                <strong>Binary file</strong> ({formatSize(file.size)}). Its contents are not shown as text.
              </>
            ) : (
              <>
                <strong>This file is not UTF-8 text</strong> ({formatSize(file.size)}), so it is not shown.
              </>
            )}
          </p>
        )}
      </div>
    );
  }
  return (
    <section className="code-file" aria-label={`File ${file.path}`}>
      <header className="diff-header">
        <span className="diff-path mono">{file.path}</span>
        <span className="diff-stats muted mono">
          {lines ? `${lines.length.toLocaleString()} lines · ` : ''}
          {formatSize(file.size)} · at {file.oid.slice(0, 7)}
        </span>
        {actions && <span className="diff-actions">{actions}</span>}
      </header>
      {body}
    </section>
  );
}
