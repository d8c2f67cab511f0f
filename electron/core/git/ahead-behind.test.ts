import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import { countAheadBehind, readTracking } from './ahead-behind';
import { closeSharedStore } from './shared-store';
import { copyRepo, generatedRepo, git } from './fast/test-fixtures';

let dir: string;
beforeAll(() => {
  dir = copyRepo(generatedRepo({ commits: 900, files: 60, seed: 9, mergeEvery: 8 }));
}, 120_000);
afterAll(() => {
  closeSharedStore(dir);
  cleanupTempDirs();
});

const rev = (d: string, r: string): string => git(d, 'rev-parse', r).trim();
function gitCounts(d: string, a: string, b: string): { ahead: number; behind: number } {
  const [ahead, behind] = git(d, 'rev-list', '--left-right', '--count', `${a}...${b}`).trim().split(/\s+/).map(Number);
  return { ahead: ahead!, behind: behind! };
}

/** Pairs across merges, equal commit times and clock skew: tips, old commits, side branches. */
function pairs(d: string): Array<[string, string]> {
  const all = git(d, 'rev-list', 'main').trim().split('\n');
  const picks = [0, 3, 40, 333, 700].map((i) => all[i]!);
  return [
    [rev(d, 'main'), rev(d, 'topic')],
    [rev(d, 'topic'), rev(d, 'main')],
    [rev(d, 'main'), all[500]!],
    ...picks.flatMap((a) => picks.filter((b) => b !== a).map((b) => [a, b] as [string, string])),
  ];
}

describe('countAheadBehind equals git rev-list --left-right --count', () => {
  it('reading commits from the packs', async () => {
    for (const [a, b] of pairs(dir)) expect(await countAheadBehind(dir, a, b), `${a}...${b}`).toEqual({ ...gitCounts(dir, a, b), exact: true });
  });

  it('reading links from a commit-graph', async () => {
    const d = copyRepo(dir);
    git(d, 'commit-graph', 'write', '--reachable');
    for (const [a, b] of pairs(d)) expect(await countAheadBehind(d, a, b), `${a}...${b}`).toEqual({ ...gitCounts(d, a, b), exact: true });
    closeSharedStore(d);
  });

  it('in a shallow clone, whose oldest commits have no parents here', async () => {
    const d = path.join(tempDir(), 'shallow');
    git(path.dirname(d), 'clone', '-q', '--depth=50', '--no-single-branch', `file://${dir}`, d);
    const main = rev(d, 'origin/main');
    const topic = rev(d, 'origin/topic');
    expect(await countAheadBehind(d, main, topic)).toEqual({ ...gitCounts(d, main, topic), exact: true });
    closeSharedStore(d);
  });

  it('says when it stopped at its bound, and counts a branch without a remote as all ahead', async () => {
    const all = git(dir, 'rev-list', 'main').trim().split('\n');
    const bounded = await countAheadBehind(dir, all[0]!, all[800]!, 100);
    expect(bounded.exact).toBe(false);
    expect(bounded.ahead).toBeLessThanOrEqual(800);
    const tracking = await readTracking(dir, 'no-such-branch');
    expect(tracking).toMatchObject({ remote: null, ahead: all.length, behind: 0, exact: true });
  });
});
