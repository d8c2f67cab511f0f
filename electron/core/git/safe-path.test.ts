import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import { ensureSafeParents, hasSymlinkParent, symlinkParentCheck } from './safe-path';

afterAll(cleanupTempDirs);

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

describe('ensureSafeParents', () => {
  it('makes missing folders and refuses a symlink or a file on the way, skipping only folders already verified', () => {
    const root = tempDir();
    const outside = tempDir();
    fs.mkdirSync(path.join(root, 'a/b'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'a/b/link'));
    fs.writeFileSync(path.join(root, 'a/file'), 'x');
    const verified = new Set<string>();
    ensureSafeParents(root, 'a/b/new/deep/f.txt', verified);
    expect(fs.statSync(path.join(root, 'a/b/new/deep')).isDirectory()).toBe(true);
    expect([...verified].sort()).toEqual(['a', 'a/b', 'a/b/new', 'a/b/new/deep']);
    // Below a verified folder, each folder not yet verified is still looked at.
    expect(() => ensureSafeParents(root, 'a/b/link/x.txt', verified)).toThrow(/symlink/);
    expect(() => ensureSafeParents(root, 'a/file/x.txt', verified)).toThrow(/is a file/);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(verified.has('a/b/link')).toBe(false);
    // Without a set every folder is checked, as before.
    expect(() => ensureSafeParents(root, 'a/b/link/y/z.txt')).toThrow(/symlink/);
  });
});
