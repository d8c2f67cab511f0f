import { memo } from 'react';
import type { CharRange } from './intra-line';
import { lineSegments, type SyntaxToken } from './line-segments';

/** One line of code with syntax colours and, where given, word-level change marks. */
export const CodeText = memo(function CodeText({
  text,
  tokens,
  changes,
}: {
  text: string;
  tokens: readonly SyntaxToken[] | null;
  changes: readonly CharRange[] | null;
}) {
  if (!tokens && !changes) return <>{text}</>;
  return (
    <>
      {lineSegments(text, tokens, changes).map((s, i) => {
        const className = [s.classes, s.changed ? 'diff-word' : ''].filter(Boolean).join(' ');
        return className ? (
          <span key={i} className={className}>
            {s.text}
          </span>
        ) : (
          s.text
        );
      })}
    </>
  );
});
