import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '../support/fixtures';
import type { Page } from '@playwright/test';
import { cleanupTempDirs, writeFile } from '../../test/support/repo';
import { gitOk, startGitServer, type GitServer } from '../../test/support/git-server';
import { cloneOf, openWorkspaceTab, shotBoth } from './sync-fixtures';

test.afterAll(cleanupTempDirs);
// Room for the three panes and the Result in one picture.
test.use({ viewport: { width: 1440, height: 1100 } });

let server: GitServer;
test.beforeEach(async () => {
  server = await startGitServer();
});
test.afterEach(async () => {
  await server.close();
});

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');
const BASE = lines('one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve');

/** A clone whose remote and local branch changed the same lines of story.txt (and the same binary file). */
async function conflicted(name: string): Promise<string> {
  const dir = await cloneOf(server, name, { 'story.txt': BASE, 'logo.bin': 'PNG\u0000base', 'other.txt': 'other\n' });
  server.commitToRepo(name, { 'story.txt': BASE.replace('two\n', 'two (theirs)\n').replace('nine\n', 'nine (theirs)\nnine and a half\n'), 'logo.bin': 'PNG\u0000theirs' }, 'Their edits');
  writeFile(dir, 'story.txt', BASE.replace('two\n', 'two (mine)\n').replace('nine\n', 'nine (mine)\n'));
  writeFile(dir, 'logo.bin', Buffer.from('PNG\u0000mine'));
  await gitOk(dir, '-c', 'user.name=Me', '-c', 'user.email=me@example.com', 'commit', '-qam', 'My edits');
  return dir;
}

async function pullIntoConflict(page: Page, name: string): Promise<void> {
  await page.getByRole('region', { name: 'Changes' }).getByRole('button', { name: 'Pull…' }).click();
  const dialog = page.getByRole('dialog', { name: `Pull “${name}”` });
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('list', { name: 'Changed on both sides' })).toContainText('story.txt');
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(dialog).toContainText('2 files changed on both sides');
  await dialog.getByRole('button', { name: 'Resolve conflicts' }).click();
  await expect(page.getByRole('tab', { name: /Conflicts/ })).toHaveAttribute('aria-selected', 'true');
}

test('conflicts: resolved hunk by hunk, binary by side, completed with two parents and pushed', async ({ page, host, shot }) => {
  const dir = await conflicted('story');
  await openWorkspaceTab(page, host, dir, 'changes');
  await pullIntoConflict(page, 'story');

  const view = page.getByRole('region', { name: 'Conflicts' });
  const files = view.getByRole('list', { name: 'Conflicted files' });
  await expect(files.getByRole('button')).toHaveCount(2);
  // Files come in path order: the binary one is open first.
  await expect(files.getByRole('button', { name: /logo\.bin/ })).toHaveAttribute('aria-current', 'true');
  await files.getByRole('button', { name: /story\.txt/ }).click();
  await expect(files.getByRole('button', { name: /story\.txt/ })).toHaveAttribute('aria-current', 'true');
  const counter = view.getByRole('toolbar', { name: 'Merge tools' }).getByRole('status');
  await expect(counter).toHaveText('Conflict 1 of 2');
  await expect(view.getByRole('textbox', { name: 'Mine' })).toContainText('two (mine)');
  await expect(view.getByRole('textbox', { name: 'Theirs' })).toContainText('nine and a half');
  await expect(view.getByRole('textbox', { name: 'Base' })).toContainText('twelve');
  await expect(view.getByRole('textbox', { name: 'Result' })).toContainText('<<<<<<< Mine');
  await shotBoth(page, shot, 'conflict-editor');

  // Next/previous with the keyboard (Alt+↓ / Alt+↑), shown in the tooltips.
  await expect(view.getByRole('button', { name: 'Next' })).toHaveAttribute('title', 'Next conflict (Alt+↓)');
  await view.getByRole('button', { name: 'Next' }).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(counter).toHaveText('Conflict 2 of 2');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(counter).toHaveText('Conflict 1 of 2');

  // Conflict 1: theirs (inline button in the Result); conflict 2: both (toolbar, acts on the current one).
  await view.getByRole('button', { name: 'Accept theirs in conflict 1' }).click();
  await expect(counter).toHaveText('Conflict 1 of 1');
  await view.getByRole('button', { name: 'Accept both', exact: true }).click();
  await expect(counter).toHaveText('No conflicts left');
  await shotBoth(page, shot, 'conflict-editor-done');
  await view.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(files.getByRole('button', { name: /story\.txt/ })).toContainText('Resolved: edited');

  // The next unresolved file, the binary one, opens: only a whole side can be chosen.
  await expect(files.getByRole('button', { name: /logo\.bin/ })).toHaveAttribute('aria-current', 'true');
  await expect(view).toContainText('This is a binary file');
  await shotBoth(page, shot, 'conflict-binary');
  await view.getByRole('button', { name: 'Use mine' }).click();
  await expect(files.getByRole('button', { name: /logo\.bin/ })).toContainText('Resolved: mine');

  const finish = view.getByRole('region', { name: 'Finish the merge' });
  await expect(finish.getByRole('checkbox', { name: 'Push after completing' })).toBeChecked();
  await finish.getByRole('textbox', { name: 'Merge message' }).fill('Merge their edits into mine');
  await finish.getByRole('button', { name: 'Complete merge' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('The merge was committed and pushed.');
  await expect(view).toContainText('No conflicts');

  const expected = BASE.replace('two\n', 'two (theirs)\n').replace('nine\n', 'nine (mine)\nnine (theirs)\nnine and a half\n');
  const bare = server.repoDir('story');
  expect(await gitOk(bare, 'show', 'HEAD:story.txt')).toBe(expected);
  expect(await gitOk(bare, 'show', 'HEAD:logo.bin')).toBe('PNG\u0000mine');
  expect((await gitOk(bare, 'log', '-1', '--format=%P')).trim().split(' ')).toHaveLength(2);
  expect((await gitOk(bare, 'log', '-1', '--format=%s')).trim()).toBe('Merge their edits into mine');
  expect(fs.readFileSync(path.join(dir, 'story.txt'), 'utf8')).toBe(expected);
  expect((await gitOk(dir, 'status', '--porcelain')).trim()).toBe('');
});

test('conflicts: abort puts every file back byte for byte', async ({ page, host, shot }) => {
  const dir = await conflicted('tale');
  // Uncommitted work outside the conflicting files must survive too.
  writeFile(dir, 'other.txt', 'other, edited but not committed\n');
  writeFile(dir, 'scratch.md', 'untracked notes\n');
  const snapshot = () => Object.fromEntries(['story.txt', 'logo.bin', 'other.txt', 'scratch.md'].map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
  const before = { files: snapshot(), head: (await gitOk(dir, 'rev-parse', 'HEAD')).trim(), status: await gitOk(dir, 'status', '--porcelain') };
  await openWorkspaceTab(page, host, dir, 'changes');
  await pullIntoConflict(page, 'tale');

  const view = page.getByRole('region', { name: 'Conflicts' });
  await view.getByRole('list', { name: 'Conflicted files' }).getByRole('button', { name: /story\.txt/ }).click();
  await view.getByRole('button', { name: 'Accept mine in conflict 1' }).click();
  await view.getByRole('button', { name: 'Abort merge…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Abort the merge?' });
  await expect(confirm).toContainText('Everything returns to how it was before the pull');
  await shotBoth(page, shot, 'abort-confirm');
  await confirm.getByRole('button', { name: 'Abort merge' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Merge aborted');
  await expect(view).toContainText('No conflicts');

  expect(snapshot()).toEqual(before.files);
  expect((await gitOk(dir, 'rev-parse', 'HEAD')).trim()).toBe(before.head);
  expect(await gitOk(dir, 'status', '--porcelain')).toBe(before.status);
});
