// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileDiff } from '../../views/history/history-fakes';
import { DiffView } from './diff-view';

afterEach(cleanup);

// jsdom has no layout: give elements a size so the virtualizer renders rows.
const sizes = { clientHeight: 600, clientWidth: 800, offsetHeight: 20, offsetWidth: 800 };
const originals = Object.keys(sizes).map((key) => [key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)] as const);
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes)) Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
});
afterAll(() => {
  for (const [key, descriptor] of originals) if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
});

const rows = (container: HTMLElement, selector: string) => [...container.querySelectorAll(selector)].map((el) => el.textContent);

describe('DiffView', () => {
  it('renders hunks in unified mode with line numbers, signs and word marks', () => {
    const { container } = render(<DiffView diff={fileDiff()} mode="unified" />);
    expect(screen.getByRole('region', { name: 'Diff of src/app.ts' })).toBeTruthy();
    expect(rows(container, '.diff-hunk')).toEqual(['@@ -1,2 +1,2 @@']);
    expect(rows(container, '.diff-line')).toEqual(['11 const a = 1;', '2-const total = price * count;', '2+const total = price * quantity;']);
    expect(rows(container, '.diff-del .diff-word')).toEqual(['count']);
    expect(rows(container, '.diff-add .diff-word')).toEqual(['quantity']);
    expect(screen.getByLabelText('1 added, 1 removed').textContent).toBe('+1 −1');
  });

  it('puts deletions and additions side by side in split mode', () => {
    const { container } = render(<DiffView diff={fileDiff()} mode="split" />);
    const lines = container.querySelectorAll('.diff-split-line');
    expect(lines).toHaveLength(2);
    expect(lines[1]!.querySelector('.diff-code.diff-del')?.textContent).toBe('-const total = price * count;');
    expect(lines[1]!.querySelector('.diff-code.diff-add')?.textContent).toBe('+const total = price * quantity;');
  });

  it('notes a missing final newline, a rename and a mode change', () => {
    const diff = fileDiff({
      path: 'bin/run.sh',
      oldPath: 'run.sh',
      status: 'renamed',
      oldMode: '100644',
      newMode: '100755',
      hunks: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: [{ kind: 'del', text: 'echo', oldNo: 1, noNewline: true }, { kind: 'add', text: 'echo hi', newNo: 1 }] }],
    });
    const { container } = render(<DiffView diff={diff} mode="unified" />);
    expect(rows(container, '.diff-note')).toEqual(['\\ No newline at end of file']);
    const header = container.querySelector('.diff-header')!;
    expect(header.textContent).toContain('run.sh → bin/run.sh');
    expect(header.textContent).toContain('Mode changed: 100644 (regular file) → 100755 (executable)');
  });

  it('guards a too-large diff with a summary and a Show anyway button', () => {
    const onShowAnyway = vi.fn();
    const diff = fileDiff({ tooLarge: true, hunks: [], additions: 20000, deletions: 3 });
    const { container, rerender } = render(<DiffView diff={diff} mode="unified" onShowAnyway={onShowAnyway} />);
    expect(container.querySelector('.diff-line')).toBeNull();
    expect(screen.getByText(/This diff is large/)).toBeTruthy();
    expect(screen.getByText('20,000 lines added, 3 lines removed.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show anyway' }));
    expect(onShowAnyway).toHaveBeenCalledTimes(1);
    rerender(<DiffView diff={diff} mode="unified" onShowAnyway={onShowAnyway} showAnywayBusy />);
    expect((screen.getByRole('button', { name: 'Show anyway' }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<DiffView diff={diff} mode="unified" />);
    expect(screen.queryByRole('button', { name: 'Show anyway' })).toBeNull();
  });

  it('shows a binary notice, with before/after previews for images', async () => {
    const load = vi.fn(async (side: 'old' | 'new') => `data:image/png;base64,${side}`);
    render(<DiffView diff={fileDiff({ path: 'logo.png', binary: true, hunks: [] })} mode="unified" loadImage={load} />);
    expect(screen.getByText(/Binary file/)).toBeTruthy();
    const preview = screen.getByRole('group', { name: 'Image preview' });
    expect(((await within(preview).findByRole('img', { name: 'Before' })) as HTMLImageElement).src).toBe('data:image/png;base64,old');
    expect(((await within(preview).findByRole('img', { name: 'After' })) as HTMLImageElement).src).toBe('data:image/png;base64,new');
  });

  it('says what an empty diff means', () => {
    render(<DiffView diff={fileDiff({ status: 'renamed', oldPath: 'a.txt', hunks: [] })} mode="unified" />);
    expect(screen.getByText('Renamed without content changes.')).toBeTruthy();
  });
});
