import { useEffect, useState } from 'react';
import type { SyntaxToken } from './line-segments';
import { highlightLines } from './syntax-highlight';

export interface SideTokens {
  old: SyntaxToken[][] | null;
  new: SyntaxToken[][] | null;
}

const NONE: SideTokens = { old: null, new: null };

/** Runs `start` once the current frame is painted (a frame callback, then a task after it). */
function afterPaint(start: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(start, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * Syntax colours for both sides of a diff (or one file: pass `[]` as `oldText`), computed after
 * the first paint: the text shows at once, colours follow when the parser is ready. Starting
 * only after the paint keeps the parser's first slice out of the frame that first shows the text.
 */
export function useSyntaxTokens(oldText: readonly string[], newText: readonly string[], oldPath: string, newPath: string): SideTokens {
  const [tokens, setTokens] = useState<SideTokens>(NONE);
  useEffect(() => {
    const controller = new AbortController();
    setTokens(NONE);
    const cancel = afterPaint(() => {
      void Promise.all([
        highlightLines(oldText, oldPath, controller.signal),
        highlightLines(newText, newPath, controller.signal),
      ]).then(
        ([old, next]) => {
          if (!controller.signal.aborted) setTokens({ old, new: next });
        },
        () => {},
      );
    });
    return () => {
      cancel();
      controller.abort();
    };
  }, [oldText, newText, oldPath, newPath]);
  return tokens;
}
