import type { Locator } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import { cleanupTempDirs } from '../../test/support/repo';
import { addWorkspace, gitLines, makeLongHistory, openHistory, shotBoth, SPECIAL } from './history-fixtures';

/** ~3,100 commits with merges and renames, made once for the file (fast-import takes a second). */
let repo = '';
test.beforeAll(() => {
  repo = makeLongHistory(3000);
});
test.afterAll(cleanupTempDirs);

interface Row {
  oid: string;
  subject: string;
  position: number;
  total: number;
}

/** The rows the virtual list has in the DOM, in list order. */
async function renderedRows(list: Locator): Promise<Row[]> {
  const rows = await list.locator('[role=option]').evaluateAll((els) =>
    els.map((el) => ({
      oid: el.getAttribute('data-oid') ?? '',
      subject: el.querySelector('.commit-subject')?.textContent ?? '',
      position: Number(el.getAttribute('aria-posinset')),
      total: Number(el.getAttribute('aria-setsize')),
    })),
  );
  return rows.sort((a, b) => a.position - b.position);
}

test('lists commits in git log order and loads the rest while scrolling', async ({ page, host, shot }) => {
  const expected = gitLines(repo, 'log', '--format=%H %s');
  const id = await addWorkspace(host, repo);
  await openHistory(page, host, id);
  const list = page.getByRole('listbox', { name: 'Commits' });
  await expect(list.getByRole('option').first()).toBeVisible();

  const first = await renderedRows(list);
  expect(first.length).toBeGreaterThan(10);
  expect(first.map((r) => `${r.oid} ${r.subject}`)).toEqual(expected.slice(0, first.length));
  // The newest commit is shown at once.
  await expect(page.getByRole('region', { name: 'Commit details' }).getByRole('heading', { level: 3 })).toHaveText(first[0]!.subject);
  await shotBoth(page, shot, 'list');

  // Scroll to the end again and again: pages load on demand until the list is complete.
  await expect(async () => {
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const rows = await renderedRows(list);
    expect(rows.at(-1)?.total).toBe(expected.length);
    expect(rows.at(-1)?.position).toBe(expected.length);
  }).toPass({ timeout: 60_000, intervals: [100, 200, 300] });
  const last = await renderedRows(list);
  for (const row of last) expect(`${row.oid} ${row.subject}`).toBe(expected[row.position - 1]);
  expect(last.at(-1)!.position).toBe(expected.length);

  // Back in the middle: rows there match git too.
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(async () => {
    const middle = await renderedRows(list);
    expect(middle.length).toBeGreaterThan(5);
    for (const row of middle) expect(`${row.oid} ${row.subject}`).toBe(expected[row.position - 1]);
  }).toPass();
});

test('search narrows to what git log -i --grep finds', async ({ page, host, shot }) => {
  const expected = gitLines(repo, 'log', '-i', '-F', '--grep=security: ROTATE', '--format=%H');
  expect(expected.length).toBe(10);
  const id = await addWorkspace(host, repo);
  await openHistory(page, host, id);
  const list = page.getByRole('listbox', { name: 'Commits' });

  await page.getByRole('searchbox', { name: 'Search commits' }).fill('security: ROTATE');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', String(expected.length), { timeout: 30_000 });
  expect((await renderedRows(list)).map((r) => r.oid)).toEqual(expected);
  await shotBoth(page, shot, 'search');

  await page.getByRole('searchbox', { name: 'Search commits' }).fill('no commit says this');
  await expect(page.getByText('No commits match “no commit says this”.')).toBeVisible({ timeout: 30_000 });

  await page.getByRole('searchbox', { name: 'Search commits' }).fill('');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', '-1');
});

test('file history of a path equals git log -- path, also from a commit’s file', async ({ page, host }) => {
  const id = await addWorkspace(host, repo);
  await openHistory(page, host, id);
  const list = page.getByRole('listbox', { name: 'Commits' });

  const expected = gitLines(repo, 'log', '--format=%H', '--', 'src/file3.txt');
  await page.getByRole('textbox', { name: 'Path filter' }).fill('src/file3.txt');
  await page.getByRole('textbox', { name: 'Path filter' }).press('Enter');
  await expect(page.getByText('Showing the history of src/file3.txt')).toBeVisible();
  await expect(async () => {
    const rows = await renderedRows(list);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((r) => r.oid)).toEqual(expected.slice(0, rows.length));
  }).toPass();
  // Deeper in the first page (100 commits) too.
  await list.evaluate((el) => (el.scrollTop = 90 * 48));
  await expect(async () => {
    const rows = await renderedRows(list);
    expect(rows.some((r) => r.position >= 95)).toBe(true);
    for (const row of rows) expect(row.oid).toBe(expected[row.position - 1]);
  }).toPass();
  await page.getByRole('button', { name: 'Clear path filter' }).click();
  await expect(page.getByText('Showing the history of')).toBeHidden();

  // "History of this file" from the rename commit's file: git log without --follow.
  await list.getByRole('option', { name: SPECIAL.rename }).click();
  const detail = page.getByRole('region', { name: 'Commit details' });
  await expect(detail.getByRole('heading', { level: 3 })).toHaveText(SPECIAL.rename);
  await detail.getByRole('button', { name: 'History of this file' }).click();
  await expect(page.getByRole('textbox', { name: 'Path filter' })).toHaveValue('docs/manual.md');
  const manual = gitLines(repo, 'log', '--format=%H', '--', 'docs/manual.md');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', String(manual.length), { timeout: 30_000 });
  expect((await renderedRows(list)).map((r) => r.oid)).toEqual(manual);
});

test('keyboard: arrows move through commits, Enter opens the detail, parents are links', async ({ page, host }) => {
  const log = gitLines(repo, 'log', '--format=%H%x09%P%x09%s').map((line) => {
    const [oid, parents, subject] = line.split('\t') as [string, string, string];
    return { oid, parents: parents.split(' '), subject };
  });
  const id = await addWorkspace(host, repo);
  await openHistory(page, host, id);
  const list = page.getByRole('listbox', { name: 'Commits' });
  const heading = page.getByRole('region', { name: 'Commit details' }).getByRole('heading', { level: 3 });
  await expect(heading).toHaveText(log[0]!.subject);

  await list.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(list.locator('[aria-selected=true]')).toHaveAttribute('aria-posinset', '3');
  await expect(list).toHaveAttribute('aria-activedescendant', `commit-${log[2]!.oid}`);
  await expect(heading).toHaveText(log[2]!.subject);
  await page.keyboard.press('ArrowUp');
  await expect(list.locator('[aria-selected=true]')).toHaveAttribute('aria-posinset', '2');
  await expect(heading).toHaveText(log[1]!.subject);

  await page.keyboard.press('Enter');
  await expect(page.locator('[aria-label="Commit details"]:focus-within')).toHaveCount(1);

  // A merge lists both parents; the second one opens as a link.
  const merge = log.find((c) => c.parents.length === 2)!;
  await list.getByRole('option', { name: merge.subject }).click();
  await expect(heading).toHaveText(merge.subject);
  await page.getByRole('button', { name: `Parent commit ${merge.parents[1]!.slice(0, 7)}` }).click();
  await expect(heading).toHaveText(log.find((c) => c.oid === merge.parents[1])!.subject);
});
