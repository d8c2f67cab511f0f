import { describe, expect, it } from 'vitest';
import type { PullPreview } from '../../../../shared/contract';
import { choicesToRequest, previewGroups } from './pull-plan';

const preview: PullPreview = {
  dryRun: true,
  created: ['new.txt'],
  updated: ['a.txt', 'b.txt'],
  deleted: ['old.txt'],
  conflicting: ['c.txt'],
  fastForward: false,
  upToDate: false,
  blockedBy: [],
};

describe('pull plan', () => {
  it('turns per-file choices into useOurs/useTheirs, ignoring files the preview no longer lists', () => {
    expect(choicesToRequest(preview, { 'b.txt': 'ours', 'c.txt': 'theirs', 'a.txt': 'auto', 'gone.txt': 'ours' })).toEqual({ useOurs: ['b.txt'], useTheirs: ['c.txt'] });
    expect(choicesToRequest(null, { 'b.txt': 'ours' })).toEqual({ useOurs: [], useTheirs: [] });
  });

  it('groups the preview with conflicts first and leaves out empty groups', () => {
    expect(previewGroups({ ...preview, deleted: [] }).map((g) => g.key)).toEqual(['conflicting', 'updated', 'created']);
  });
});
