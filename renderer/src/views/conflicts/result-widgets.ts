import { StateField, type EditorState, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import { findMarkerBlocks, type BlockChoice } from './conflict-markers';

export interface AcceptHandler {
  current: (blockIndex: number, choice: BlockChoice) => void;
}

const CHOICES: { choice: BlockChoice; label: string }[] = [
  { choice: 'ours', label: 'Accept mine' },
  { choice: 'theirs', label: 'Accept theirs' },
  { choice: 'both', label: 'Accept both' },
];

/** The row of accept buttons above each conflict block of the Result, like VS Code's code lens. */
class AcceptWidget extends WidgetType {
  constructor(
    readonly index: number,
    readonly handler: AcceptHandler,
  ) {
    super();
  }
  override eq(other: AcceptWidget): boolean {
    return other.index === this.index;
  }
  toDOM(): HTMLElement {
    const row = document.createElement('div');
    row.className = 'cm-accept-row';
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', `Conflict ${this.index + 1}`);
    for (const { choice, label } of CHOICES) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'cm-accept';
      button.textContent = label;
      button.setAttribute('aria-label', `${label} in conflict ${this.index + 1}`);
      button.addEventListener('mousedown', (e) => e.preventDefault());
      button.addEventListener('click', () => this.handler.current(this.index, choice));
      row.append(button);
    }
    return row;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

function build(state: EditorState, handler: AcceptHandler): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const text = state.doc.toString();
  findMarkerBlocks(text).forEach((block, index) => {
    const start = state.doc.line(block.startLine + 1);
    ranges.push(Decoration.widget({ widget: new AcceptWidget(index, handler), block: true, side: -1 }).range(start.from));
    for (let n = block.startLine + 1; n <= block.endLine + 1 && n <= state.doc.lines; n++) {
      const line = state.doc.line(n);
      const rel = n - 1 - block.startLine;
      const oursLines = block.ours.split('\n').length - 1;
      const baseLines = block.base === null ? -1 : block.base.split('\n').length - 1;
      const splitAt = 1 + oursLines + (baseLines >= 0 ? baseLines + 1 : 0);
      const cls =
        rel === 0 || n - 1 === block.endLine || rel === splitAt || (baseLines >= 0 && rel === 1 + oursLines)
          ? 'cm-result-marker'
          : rel < 1 + oursLines
            ? 'cm-result-ours'
            : rel < splitAt
              ? 'cm-result-base'
              : 'cm-result-theirs';
      ranges.push(Decoration.line({ class: cls }).range(line.from));
    }
  });
  // Widgets and line classes share positions; let CodeMirror order them.
  return Decoration.set(ranges, true);
}

/** Accept buttons and side colours for every conflict block in the Result, kept in step with edits. */
export function resultWidgets(handler: AcceptHandler): Extension {
  return StateField.define<DecorationSet>({
    create: (state) => build(state, handler),
    update: (value, tr) => (tr.docChanged ? build(tr.state, handler) : value),
    provide: (f) => EditorView.decorations.from(f),
  });
}
