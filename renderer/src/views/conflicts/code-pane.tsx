import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { HighlightStyle, LanguageDescription, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { Compartment, EditorState, Prec, RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap, lineNumbers, type DecorationSet, type KeyBinding } from '@codemirror/view';
import { useEffect, useRef, type RefObject } from 'react';

/** Lines [from, to) (0-based) painted with a class: a conflict's side, a marker line, … */
export interface LineMark {
  from: number;
  to: number;
  className: string;
}

const setMarks = StateEffect.define<LineMark[]>();

function buildMarks(state: EditorState, marks: LineMark[]): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const lines: { pos: number; className: string }[] = [];
  for (const m of marks) {
    // An empty range (a side that deleted the lines) marks the line it sits before, as a gap.
    if (m.from === m.to) {
      const n = Math.min(m.from + 1, state.doc.lines);
      lines.push({ pos: state.doc.line(n).from, className: `${m.className} cm-gap${m.from >= state.doc.lines ? '-after' : ''}` });
      continue;
    }
    for (let n = m.from + 1; n <= Math.min(m.to, state.doc.lines); n++) lines.push({ pos: state.doc.line(n).from, className: m.className });
  }
  lines.sort((a, b) => a.pos - b.pos);
  for (const l of lines) builder.add(l.pos, l.pos, Decoration.line({ class: l.className }));
  return builder.finish();
}

const marksField = StateField.define<{ marks: LineMark[]; set: DecorationSet }>({
  create: () => ({ marks: [], set: Decoration.none }),
  update(value, tr) {
    let marks = value.marks;
    for (const e of tr.effects) if (e.is(setMarks)) marks = e.value;
    if (marks === value.marks && !tr.docChanged) return value;
    return { marks, set: buildMarks(tr.state, marks) };
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.set),
});

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '12.5px', backgroundColor: 'var(--bg)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: 'var(--bg-sidebar)', color: 'var(--text-muted)', borderRight: '1px solid var(--border)' },
  '.cm-content': { caretColor: 'var(--text)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--bg-selected)' },
});

/** Token colours that read on both themes (the default style is tuned for light only). */
const themedHighlight = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) => ({ ...spec, color: spec.color ? `light-dark(${spec.color}, color-mix(in srgb, ${spec.color} 55%, white))` : undefined })),
);

interface CodePaneProps {
  label: string;
  value: string;
  /** Omit for a read-only pane. */
  onChange?(value: string): void;
  marks?: LineMark[];
  /** Picks the syntax colouring. */
  path: string;
  keys?: KeyBinding[];
  viewRef?: RefObject<EditorView | null>;
  /** Extra extensions fixed for the pane's life (e.g. the Result's accept widgets). */
  extensions?: Extension;
}

/** A CodeMirror 6 editor as a React component; the `value` prop wins whenever it differs from the document. */
export function CodePane({ label, value, onChange, marks = [], path, keys = [], viewRef, extensions = [] }: CodePaneProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const keysRef = useRef(keys);
  keysRef.current = keys;
  const language = useRef(new Compartment());

  useEffect(() => {
    const readOnly = !onChangeRef.current;
    // Key bindings are read through a ref, so new closures need no editor rebuild.
    const liveKeys = Prec.highest(
      keymap.of(
        ['Alt-ArrowDown', 'Alt-ArrowUp'].map((key) => ({
          key,
          run: (v: EditorView) => keysRef.current.find((k) => k.key === key)?.run?.(v) ?? false,
        })),
      ),
    );
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          liveKeys,
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          syntaxHighlighting(themedHighlight),
          language.current.of([]),
          marksField,
          theme,
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(true),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-readonly': String(readOnly) }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && onChangeRef.current) onChangeRef.current(u.state.doc.toString());
          }),
          extensions,
        ],
      }),
    });
    view.current = v;
    if (viewRef) viewRef.current = v;
    return () => {
      v.destroy();
      view.current = null;
      if (viewRef) viewRef.current = null;
    };
    // The editor is built once per pane; value and marks are pushed in by the effects below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: setMarks.of(marks) });
  }, [marks]);

  useEffect(() => {
    let live = true;
    // The language table is big and only needed once a file is open: loaded on demand.
    void import('@codemirror/language-data').then(async ({ languages }) => {
      const desc = LanguageDescription.matchFilename(languages, path);
      if (!desc || !live) return;
      const support = await desc.load();
      if (live) view.current?.dispatch({ effects: language.current.reconfigure(support) });
    });
    return () => {
      live = false;
    };
  }, [path]);

  return <div ref={host} className="code-pane" />;
}

/** Scrolls a pane so that line `line` (0-based) is in view, near the top. */
export function revealLine(view: EditorView | null, line: number, select = false): void {
  if (!view) return;
  const n = Math.max(1, Math.min(line + 1, view.state.doc.lines));
  const pos = view.state.doc.line(n).from;
  view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: 'start', yMargin: 24 }), ...(select ? { selection: { anchor: pos } } : {}) });
}
