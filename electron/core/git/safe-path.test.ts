import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/repo';
import { hasSymlinkParent, symlinkParentCheck } from './safe-path';

describe('symlinkParentCheck', () => {
  it('answers as hasSymlinkParent for every path, each folder looked at once', () => {
    const root = tempDir();
    const outside = tempDir();
    fs.mkdirSync(path.join(root, 'a/b/c'), { recursive: true });
    fs.writeFileSync(path.join(root, 'a/b/c/f.txt'), 'x');
    fs.writeFileSync(path.join(root, 'a/file'), 'x');
    fs.symlinkSync(outside, path.join(root, 'a/link'));
    fs.symlinkSync(outside, path.join(root, 'top-link'));
    const rels = [
      'f.txt', 'a/b/c/f.txt', 'a/b/new.txt', 'a/link/x.txt', 'a/link/deep/x.txt', 'top-link/x', 'a/missing/x/y.txt',
      'missing/a/b', 'a/file/under', 'a/b/c/d/e/f', 'a/link', 'top-link',
    ];
    const check = symlinkParentCheck(root);
    // Twice: the second round answers from what the first saw.
    for (const round of [1, 2]) {
      for (const rel of rels) expect(check(rel), `${rel} (round ${round})`).toBe(hasSymlinkParent(root, rel));
    }
    expect(check('a/link/x.txt')).toBe(true);
    expect(check('a/b/c/f.txt')).toBe(false);
  });
});
