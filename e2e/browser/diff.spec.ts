import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import { cleanupTempDirs, gitCli } from '../../test/support/repo';
import { addWorkspace, BIG_LINES, gitLines, makeLongHistory, openHistory, shotBoth, SPECIAL } from './history-fixtures';

/** 120 commits: one merge, a rename, a mode change, an image, a whitespace-only edit, a 1.2 MB file. */
let repo = '';
test.beforeAll(() => {
  repo = makeLongHistory(120);
});
test.afterAll(cleanupTempDirs);

function oidOf(subject: string): string {
  return gitLines(repo, 'log', '--format=%H %s').find((l) => l.slice(41) === subject)!.slice(0, 40);
}

/** Clicks a commit in the list, scrolling the virtual list down until its row exists. */
async function openCommit(page: Page, subject: string): Promise<Locator> {
  const list = page.getByRole('listbox', { name: 'Commits' });
  const option = list.getByRole('option', { name: subject }).first();
  await expect(list.getByRole('option').first()).toBeVisible();
  await list.evaluate((el) => (el.scrollTop = 0));
  await expect(async () => {
    if ((await option.count()) === 0) await list.evaluate((el) => (el.scrollTop += el.clientHeight));
    expect(await option.count()).toBe(1);
  }).toPass({ intervals: [100] });
  await option.click();
  const detail = page.getByRole('region', { name: 'Commit details' });
  await expect(detail.getByRole('heading', { level: 3 })).toHaveText(subject);
  return detail;
}

/** `path → [added, deleted]` as the file list shows them (binary and large files as null). */
async function listedCounts(detail: Locator): Promise<Record<string, [number, number] | null>> {
  const rows = await detail.getByRole('list', { name: 'Files in this commit' }).locator('.commit-file').evaluateAll((els) =>
    els.map((el) => ({
      path: el.querySelector('.commit-file-path')?.textContent ?? '',
      add: el.querySelector('.diff-stat-add')?.textContent ?? null,
      del: el.querySelector('.diff-stat-del')?.textContent ?? null,
    })),
  );
  return Object.fromEntries(rows.map((r) => [r.path, r.add === null ? null : [Number(r.add.slice(1)), Number(r.del!.slice(1))]]));
}

/** git's numstat in the same shape; renames as `old → new`, binary as null. */
function gitCounts(args: string[]): Record<string, [number, number] | null> {
  const out: Record<string, [number, number] | null> = {};
  for (const line of gitLines(repo, ...args)) {
    const [add, del, ...rest] = line.split('\t');
    const path = rest.length === 2 ? `${rest[0]} → ${rest[1]}` : rest[0]!;
    out[path] = add === '-' ? null : [Number(add), Number(del)];
  }
  return out;
}

test('a commit lists its files with the +/- counts of git show --numstat', async ({ page, host, shot }) => {
  const id = await addWorkspace(host, repo);
  await openHistory(page, host, id);

  let detail = await openCommit(page, SPECIAL.whitespace);
  expect(await listedCounts(detail)).toEqual(gitCounts(['show', '--numstat', '--format=', oidOf(SPECIAL.whitespace)]));
  await shotBoth(page, shot, 'detail');

  // A merge: files and counts against its first parent, like `git diff first-parent merge`.
  const merge = gitLines(repo, 'log', '--merges', '--format=%H %s')[0]!;
  detail = await openCommit(page, merge.slice(41));
  expect(await listedCounts(detail)).toEqual(gitCounts(['diff', '--numstat', `${merge.slice(0, 40)}^1`, merge.slice(0, 40)]));

  // A rename shows old → new, as git -M finds it.
  detail = await openCommit(page, SPECIAL.rename);
  expect(gitLines(repo, 'show', '-M', '--numstat', '--format=', oidOf(SPECIAL.rename))).toEqual(['0\t0\tdocs/{guide.md => manual.md}']);
  expect(await listedCounts(detail)).toEqual({ 'docs/guide.md → docs/manual.md': [0, 0] });
  await expect(detail.getByText('Renamed without content changes.')).toBeVisible();

  // A mode change is noted.
  detail = await openCommit(page, SPECIAL.mode);
  await expect(detail.getByText('Mode changed: 100644 (regular file) → 100755 (executable)')).toBeVisible();
  expect(await listedCounts(detail)).toEqual(gitCounts(['show', '--numstat', '--format=', oidOf(SPECIAL.mode)]));
});

test('unified and split layouts, remembered; whitespace switch; missing final newline', async ({ page, host, shot }) => {
  const id = await addWorkspace(host, repo);
  await openHistory(page, host, id);
  const detail = await openCommit(page, SPECIAL.whitespace);
  const layout = detail.getByRole('group', { name: 'Diff layout' });

  await detail.getByRole('button', { name: /src\/helpers\.js/ }).click();
  const diff = detail.getByRole('region', { name: 'Diff of src/helpers.js' });
  await expect(layout.getByRole('button', { name: 'Unified' })).toHaveAttribute('aria-pressed', 'true');
  await expect(diff.locator('.diff-line.diff-del')).toHaveText(['2-  return a + b;']);
  await expect(diff.locator('.diff-line.diff-add')).toHaveText(['2+    return a + b;']);
  // Only the added indentation is marked inside the line.
  await expect(diff.locator('.diff-add .diff-word')).toHaveText(['  ']);
  await shotBoth(page, shot, 'unified');

  await layout.getByRole('button', { name: 'Split' }).click();
  await expect(layout.getByRole('button', { name: 'Split' })).toHaveAttribute('aria-pressed', 'true');
  const pair = diff.locator('.diff-split-line').filter({ has: page.locator('.diff-code.diff-del') });
  await expect(pair.locator('.diff-code.diff-del')).toHaveText('-  return a + b;');
  await expect(pair.locator('.diff-code.diff-add')).toHaveText('+    return a + b;');
  await shotBoth(page, shot, 'split');

  await page.reload();
  const again = await openCommit(page, SPECIAL.whitespace);
  await expect(again.getByRole('group', { name: 'Diff layout' }).getByRole('button', { name: 'Split' })).toHaveAttribute('aria-pressed', 'true');
  await again.getByRole('group', { name: 'Diff layout' }).getByRole('button', { name: 'Unified' }).click();

  await again.getByRole('button', { name: /src\/helpers\.js/ }).click();
  await again.getByRole('checkbox', { name: 'Hide whitespace changes' }).check();
  await expect(again.getByText('Only whitespace changed.')).toBeVisible();
  await again.getByRole('checkbox', { name: 'Hide whitespace changes' }).uncheck();
  await expect(again.getByRole('region', { name: 'Diff of src/helpers.js' }).locator('.diff-line.diff-add')).toHaveCount(1);

  await again.getByRole('button', { name: /notes\.txt/ }).click();
  const notes = again.getByRole('region', { name: 'Diff of notes.txt' });
  await expect(notes.locator('.diff-note')).toHaveText(['\\ No newline at end of file', '\\ No newline at end of file']);
  const gitDiff = gitCli(repo, 'show', '--format=', oidOf(SPECIAL.whitespace), '--', 'notes.txt');
  expect(gitDiff.match(/\\ No newline at end of file/g)).toHaveLength(2);
});

test('a file over 1 MB is guarded; Show anyway opens all of its lines', async ({ page, host, shot }) => {
  const id = await addWorkspace(host, repo);
  await openHistory(page, host, id);
  const detail = await openCommit(page, SPECIAL.big);
  const diff = detail.getByRole('region', { name: 'Diff of data/big.csv' });
  await expect(diff.getByText('This diff is large.')).toBeVisible();
  await expect(diff.locator('.diff-line')).toHaveCount(0);
  await shotBoth(page, shot, 'big-file-guard');

  const started = Date.now();
  await diff.getByRole('button', { name: 'Show anyway' }).click();
  await expect(diff.locator('.diff-line.diff-add').first()).toHaveText(/^1\+row 1, value 0, x+$/);
  console.log(`20k-line diff shown in ${Date.now() - started} ms`);
  const [added, deleted] = gitCli(repo, 'show', '--numstat', '--format=', oidOf(SPECIAL.big)).trim().split('\t');
  await expect(diff.getByLabel(`${added} added, ${deleted} removed`)).toBeVisible();
  expect(Number(added)).toBe(BIG_LINES);
  // Only what is on screen is in the DOM.
  expect(await diff.locator('.diff-line').count()).toBeLessThan(200);

  const lines = diff.getByRole('region', { name: 'Lines of data/big.csv' });
  await lines.focus();
  await page.keyboard.press('End');
  await expect(diff.locator('.diff-line.diff-add').last()).toHaveText(new RegExp(`^${BIG_LINES}\\+row ${BIG_LINES}, `));
  await shotBoth(page, shot, 'big-file-shown');
});

test('open a file at a commit shows what git show oid:path shows', async ({ page, host, shot }) => {
  const id = await addWorkspace(host, repo);
  await openHistory(page, host, id);
  const oid = oidOf(SPECIAL.whitespace);
  const detail = await openCommit(page, SPECIAL.whitespace);

  for (const path of ['src/helpers.js', 'notes.txt']) {
    await detail.getByRole('button', { name: new RegExp(path.replace('.', '\\.')) }).click();
    await detail.getByRole('button', { name: 'Open file at this commit' }).click();
    const contents = detail.getByRole('region', { name: `Contents of ${path}` });
    await expect(contents).toBeVisible();
    const shown = await contents.locator('.code-line .diff-code').allTextContents();
    const expected = gitCli(repo, 'show', `${oid}:${path}`);
    expect(shown.join('\n')).toBe(expected.replace(/\n$/, ''));
    await expect(contents.locator('.code-line .diff-no')).toHaveText(shown.map((_, i) => String(i + 1)));
    if (path === 'src/helpers.js') await shotBoth(page, shot, 'file-view');
    await detail.getByRole('button', { name: 'Back to diff' }).click();
    await expect(detail.getByRole('region', { name: `Diff of ${path}` })).toBeVisible();
  }

  // A binary image: before/after previews in the diff, the picture in the file view.
  const image = await openCommit(page, SPECIAL.image);
  const preview = image.getByRole('group', { name: 'Image preview' });
  for (const name of ['Before', 'After']) {
    const img = preview.getByRole('img', { name });
    await expect(img).toBeVisible();
    expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(48);
  }
  await shotBoth(page, shot, 'image-diff');
  await image.getByRole('button', { name: 'Open file at this commit' }).click();
  const picture = image.getByRole('img', { name: 'assets/logo.png' });
  await expect(picture).toBeVisible();
  expect(await picture.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(48);
});
