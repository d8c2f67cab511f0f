import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { indexPack, indexPackFile } from './pack-indexer';

afterAll(() => cleanupTempDirs());

/** A repo with history worth deltifying: files edited a little in each of many commits, a binary, a link. */
function historyRepo(): string {
  const dir = makeRepo({ 'README.md': '# r\n' });
  const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(i % 40)}`);
  for (let c = 0; c < 25; c++) {
    lines[(c * 7) % lines.length] = `changed in ${c}`;
    writeFile(dir, 'src/big.txt', `${lines.join('\n')}\n`);
    writeFile(dir, `docs/page-${c % 5}.md`, `${lines.slice(c, c + 50).join('\n')}\n`);
    if (c === 3) writeFile(dir, 'bin/data.bin', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31 + c) & 0xff)));
    if (c === 5) fs.symlinkSync('src/big.txt', path.join(dir, 'link'));
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', `commit ${c}`);
  }
  gitCli(dir, 'tag', '-a', 'v1', '-m', 'annotated');
  return dir;
}

/** A pack of every object as `git pack-objects` writes it; `ofs` picks OFS_DELTA or REF_DELTA bases. */
function packOf(dir: string, ofs: boolean): { pack: string; gitIdx: Buffer } {
  const out = path.join(tempDir(), 'p');
  const revs = execFileSync('git', ['rev-list', '--objects', '--all'], { cwd: dir });
  const args = ['pack-objects', '-q', '--window=10', '--depth=20', ...(ofs ? ['--delta-base-offset'] : []), out];
  const name = execFileSync('git', args, { cwd: dir, input: revs }).toString().trim();
  return { pack: `${out}-${name}.pack`, gitIdx: fs.readFileSync(`${out}-${name}.idx`) };
}

function entryKinds(packFile: string): string {
  return execFileSync('git', ['verify-pack', '-v', packFile.replace(/\.pack$/, '.idx')]).toString();
}

describe('indexPack', () => {
  const repo = historyRepo();
  for (const ofs of [true, false]) {
    it(`writes the same .idx as git index-pack for a pack with ${ofs ? 'OFS_DELTA' : 'REF_DELTA'} entries`, () => {
      const { pack, gitIdx } = packOf(repo, ofs);
      const mine = indexPack(fs.readFileSync(pack));
      expect(mine.checksum).toBe(path.basename(pack).slice(2, -5));
      expect(mine.idx.equals(gitIdx)).toBe(true);
      // The pack really has deltas of the kind named (verify-pack lists a base for each).
      expect(entryKinds(pack)).toMatch(/chain length = [1-9]/);
    });
  }

  it('writes an .idx that git verify-pack and fsck accept, atomically', () => {
    const { pack } = packOf(repo, true);
    const clone = path.join(tempDir(), 'bare.git');
    gitCli(path.dirname(clone), 'init', '-q', '--bare', clone);
    const dest = path.join(clone, 'objects', 'pack', path.basename(pack));
    fs.copyFileSync(pack, dest);
    const res = indexPackFile(dest, dest.replace(/\.pack$/, '.idx'));
    expect(res.count).toBeGreaterThan(50);
    expect(fs.readdirSync(path.dirname(dest)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    execFileSync('git', ['verify-pack', dest.replace(/\.pack$/, '.idx')]);
    gitCli(clone, 'update-ref', 'refs/heads/main', gitCli(repo, 'rev-parse', 'main').trim());
    gitCli(clone, 'fsck', '--full', '--strict');
  });

  it('refuses a cut or damaged pack instead of indexing part of it', () => {
    const bytes = fs.readFileSync(packOf(repo, true).pack);
    expect(() => indexPack(bytes.subarray(0, bytes.length - 100))).toThrow(/checksum|incomplete/);
    const flipped = Buffer.from(bytes);
    flipped[200] = flipped[200]! ^ 0xff;
    expect(() => indexPack(flipped)).toThrow(/Corrupt/);
    expect(() => indexPack(Buffer.from('not a pack at all, just some text here'))).toThrow(/PACK signature/);
  });

  it('refuses a thin pack (a delta whose base is outside the pack)', () => {
    const dir = historyRepo();
    const bytes = execFileSync('git', ['pack-objects', '-q', '--stdout', '--thin', '--revs', '--delta-base-offset'], { cwd: dir, input: 'HEAD\n^HEAD~1\n' });
    expect(() => indexPack(bytes)).toThrow(/base is not in it/);
  });
});
