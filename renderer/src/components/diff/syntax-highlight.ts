import type { SyntaxToken } from './line-segments';

/** Above this much text, colours are not worth the parse: the view stays plain and fast. */
const MAX_CHARS = 2_000_000;
/** Parse and colour in slices this long (ms) and give the UI a turn in between (a frame is 16 ms). */
const SLICE_MS = 8;
/** Characters coloured per `highlightTree` call between checks of the slice's time. */
const COLOUR_CHUNK = 32_768;

type Parser = import('@lezer/common').Parser;

const parsers = new Map<string, Promise<Parser | null>>();

/** The Lezer parser for a file name, loaded on first use (CodeMirror's language list). */
function parserFor(path: string): Promise<Parser | null> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : name;
  let found = parsers.get(ext);
  if (!found) {
    found = (async () => {
      const [{ languages }, { LanguageDescription }] = await Promise.all([
        import('@codemirror/language-data'),
        import('@codemirror/language'),
      ]);
      const description = LanguageDescription.matchFilename(languages, name);
      if (!description) return null;
      const support = await description.load();
      return support.language.parser;
    })().catch(() => null);
    parsers.set(ext, found);
  }
  return found;
}

const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Syntax tokens per line for `lines` read as one file named `path`; null when the language is
 * unknown, the text too big, or the caller gave up (`signal`). Parsing runs in short slices so
 * a 20k-line diff never freezes the window.
 */
export async function highlightLines(lines: readonly string[], path: string, signal?: AbortSignal): Promise<SyntaxToken[][] | null> {
  if (lines.length === 0) return [];
  const text = lines.join('\n');
  if (text.length > MAX_CHARS) return null;
  const parser = await parserFor(path);
  if (!parser || signal?.aborted) return null;
  const { highlightTree, classHighlighter } = await import('@lezer/highlight');

  const parse = parser.startParse(text);
  let started = performance.now();
  let tree = parse.advance();
  while (!tree) {
    if (performance.now() - started > SLICE_MS) {
      await yieldToUi();
      if (signal?.aborted) return null;
      started = performance.now();
    }
    tree = parse.advance();
  }

  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const result: SyntaxToken[][] = lines.map(() => []);
  let line = 0;
  // highlightTree reports tokens in document order, so the line cursor only moves forward. The
  // text is coloured a chunk at a time (a token crossing a chunk edge comes in two pieces, which
  // split at the same place), yielding like the parse so a 20k-line file never blocks a frame.
  const emit = (from: number, to: number, classes: string): void => {
    while (line + 1 < starts.length && starts[line + 1]! <= from) line++;
    let l = line;
    let start = from;
    while (start < to && l < lines.length) {
      const lineStart = starts[l]!;
      const lineEnd = lineStart + lines[l]!.length;
      const end = Math.min(to, lineEnd);
      if (end > start) result[l]!.push({ from: start - lineStart, to: end - lineStart, classes });
      l++;
      start = starts[l] ?? to;
    }
  };
  started = performance.now();
  for (let from = 0; from < text.length; from += COLOUR_CHUNK) {
    if (performance.now() - started > SLICE_MS) {
      await yieldToUi();
      if (signal?.aborted) return null;
      started = performance.now();
    }
    highlightTree(tree, classHighlighter, emit, from, Math.min(text.length, from + COLOUR_CHUNK));
  }
  return result;
}
