import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../../test/support/repo';
import { git, makeHistory } from '../test-fixture';
import { buildIndex, buildIndexSteps, buildTuning, driveBuild } from './builder';
import { HistoryIndex } from './reader';

afterAll(cleanupTempDirs);

describe('history index build with background fsyncs', () => {
  it('writes the same file as the synchronous build, block by block, and resumes after a cancel', async () => {
    const saved = buildTuning.blockCommits;
    buildTuning.blockCommits = 7;
    try {
      const { dir } = makeHistory(12, 70);
      const gitdir = path.join(dir, '.git');
      const syncFile = path.join(tempDir('reposync-idx-'), 'index.bin');
      buildIndex({ gitdir, file: syncFile });
      const file = path.join(tempDir('reposync-idx-'), 'index.bin');
      let boundaries = 0;
      let waits = 0;
      const steps = buildIndexSteps({ gitdir, file, background: true });
      const tracked = (function* () {
        for (;;) {
          const r = steps.next();
          if (r.done) return r.value;
          if (r.value) waits++;
          else boundaries++;
          yield r.value;
        }
      })();
      expect((await driveBuild(tracked, async () => undefined)).kind).toBe('appended');
      expect(boundaries).toBeGreaterThan(5);
      // Every block but the last had its fsync waited for before the next block was written.
      expect(waits).toBe(boundaries);
      expect(fs.readFileSync(file)).toEqual(fs.readFileSync(syncFile));

      // Cancelled after a few blocks: those stay (each on disk before the next), and the rest is appended later.
      const resumed = path.join(tempDir('reposync-idx-'), 'index.bin');
      let polls = 0;
      const cancelled = await driveBuild(buildIndexSteps({ gitdir, file: resumed, background: true, cancelled: () => ++polls > 30 }));
      expect(cancelled.kind).toBe('cancelled');
      expect(HistoryIndex.load(resumed).size).toBe(30);
      expect((await driveBuild(buildIndexSteps({ gitdir, file: resumed, background: true }))).kind).toBe('appended');
      const index = HistoryIndex.load(resumed);
      expect(index.complete).toBe(true);
      expect(Array.from({ length: index.size }, (_, i) => index.oid(i)).sort()).toEqual(git(dir, ['rev-list', '--all']).split('\n').filter(Boolean).sort());
    } finally {
      buildTuning.blockCommits = saved;
    }
  });
});
