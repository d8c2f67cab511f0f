import { useEffect, useState } from 'react';
import type { SyntaxToken } from './line-segments';
import { highlightLines } from './syntax-highlight';

export interface SideTokens {
  old: SyntaxToken[][] | null;
  new: SyntaxToken[][] | null;
}

const NONE: SideTokens = { old: null, new: null };

/**
 * Syntax colours for both sides of a diff (or one file: pass `[]` as `oldText`), computed after
 * the first paint: the text shows at once, colours follow when the parser is ready.
 */
export function useSyntaxTokens(oldText: readonly string[], newText: readonly string[], oldPath: string, newPath: string): SideTokens {
  const [tokens, setTokens] = useState<SideTokens>(NONE);
  useEffect(() => {
    const controller = new AbortController();
    setTokens(NONE);
    void Promise.all([
      highlightLines(oldText, oldPath, controller.signal),
      highlightLines(newText, newPath, controller.signal),
    ]).then(
      ([old, next]) => {
        if (!controller.signal.aborted) setTokens({ old, new: next });
      },
      () => {},
    );
    return () => controller.abort();
  }, [oldText, newText, oldPath, newPath]);
  return tokens;
}
