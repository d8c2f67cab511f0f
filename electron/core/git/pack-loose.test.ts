import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { cleanupTempDirs, gitCli, makeRepo, tempDir } from '../../../test/support/repo';
import { packLooseObjects } from './pack-loose';

afterAll(cleanupTempDirs);

/** `n` new blobs written loose by git itself; returns their ids. */
function looseBlobs(dir: string, n: number, tag = 'blob'): string[] {
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const file = path.join(dir, `.git/tmp-${tag}-${i}`);
    fs.writeFileSync(file, `${tag} number ${i}\n`.repeat(1 + (i % 7)));
    files.push(file);
  }
  const out = execFileSync('git', ['hash-object', '-w', '--stdin-paths'], { cwd: dir, input: files.join('\n') }).toString();
  for (const f of files) fs.rmSync(f);
  return out.trim().split('\n');
}

function counts(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of gitCli(dir, 'count-objects', '-v').trim().split('\n')) {
    const [k, v] = line.split(': ');
    out[k!] = Number(v);
  }
  return out;
}

describe('packLooseObjects', () => {
  it('leaves a repository under the limit alone', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const before = counts(dir);
    expect(packLooseObjects(path.join(dir, '.git'))).toEqual({ packed: 0, pack: null, skipped: 0 });
    expect(counts(dir)).toEqual(before);
  });

  it('packs every loose object into one pack git reads, and removes the loose copies', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'src/b.ts': 'b\n' });
    const blobs = looseBlobs(dir, 1500);
    const loose = counts(dir).count!;
    // Limit 256: folder 17 needs 2 or more (1,500 objects put ~6 there).
    const result = packLooseObjects(path.join(dir, '.git'), 256);
    expect(result.packed).toBe(loose);
    expect(result.skipped).toBe(0);
    expect(result.pack).toMatch(/^pack-[0-9a-f]{40}$/);
    const after = counts(dir);
    expect(after.count).toBe(0);
    expect(after['in-pack']).toBe(loose);
    gitCli(dir, 'fsck', '--strict', '--no-dangling');
    gitCli(dir, 'verify-pack', `.git/objects/pack/${result.pack}.idx`);
    expect(gitCli(dir, 'cat-file', '-p', blobs[10]!)).toBe('blob number 10\n'.repeat(4));
    expect(gitCli(dir, 'log', '--format=%s')).toContain('initial');
    // Emptied fan-out folders go, as git prune-packed removes them.
    const fans = fs.readdirSync(path.join(dir, '.git/objects')).filter((n) => /^[0-9a-f]{2}$/.test(n));
    expect(fans).toEqual([]);
    expect(fs.readdirSync(path.join(dir, '.git/objects/pack')).filter((n) => n.startsWith('tmp_'))).toEqual([]);
  });

  it('only removes the loose copies of objects a pack already holds', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const packedBefore = looseBlobs(dir, 600, 'old');
    execFileSync('git', ['pack-objects', '-q', '.git/objects/pack/pack'], { cwd: dir, input: packedBefore.join('\n') });
    const fresh = looseBlobs(dir, 600, 'new');
    const loose = counts(dir).count!;
    const result = packLooseObjects(path.join(dir, '.git'), 256);
    expect(result.packed).toBe(loose);
    const newPack = gitCli(dir, 'verify-pack', '-v', `.git/objects/pack/${result.pack}.idx`);
    // The new pack holds the fresh objects and the commit's, not the 600 already packed.
    expect(newPack).toContain(fresh[0]!);
    expect(newPack).not.toContain(packedBefore[0]!);
    expect(counts(dir).count).toBe(0);
    gitCli(dir, 'fsck', '--strict', '--no-dangling');
  });

  it('keeps a loose object whose content is not what its name says, and packs the rest', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const blobs = looseBlobs(dir, 1200);
    const bad = blobs[3]!;
    const file = path.join(dir, '.git/objects', bad.slice(0, 2), bad.slice(2));
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, zlib.deflateSync(Buffer.from('blob 6\0forged')));
    // A loose file that is gone by the time it is read (a git gc alongside): neither packed nor reported.
    const gone = path.join(dir, '.git/objects/ab', 'c'.repeat(38));
    fs.mkdirSync(path.dirname(gone), { recursive: true });
    fs.symlinkSync(path.join(dir, 'nowhere'), gone);
    const result = packLooseObjects(path.join(dir, '.git'), 256);
    expect(result.skipped).toBe(1);
    expect(result.packed).toBe(counts(dir)['in-pack']);
    fs.rmSync(gone);
    expect(fs.existsSync(file)).toBe(true);
    expect(counts(dir).count).toBe(1);
    expect(gitCli(dir, 'cat-file', '-p', blobs[4]!)).toBe('blob number 4\n'.repeat(5));
  });

  it('keeps every object whenever the packing process is killed', { timeout: 60_000 }, async () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    looseBlobs(dir, 3000);
    const all = gitCli(dir, 'cat-file', '--batch-all-objects', '--batch-check');
    const work = tempDir();
    await build({ entryPoints: [path.join(import.meta.dirname, 'pack-loose.ts')], outfile: path.join(work, 'pack-loose.mjs'), bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' });
    fs.writeFileSync(path.join(work, 'run.mjs'), `import { packLooseObjects } from './pack-loose.mjs';\nprocess.stdout.write('go');\npackLooseObjects(process.argv[2], 256);\n`);
    // SIGKILL at growing delays after the packing starts; the last run is left to finish.
    for (const delay of [0, 5, 15, 30, 60, 120, -1]) {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(work, 'run.mjs'), path.join(dir, '.git')], { stdio: ['ignore', 'pipe', 'inherit'] });
        child.stdout.once('data', () => {
          if (delay >= 0) setTimeout(() => child.kill('SIGKILL'), delay);
        });
        child.on('error', reject);
        child.on('close', () => resolve());
      });
      expect(gitCli(dir, 'cat-file', '--batch-all-objects', '--batch-check')).toBe(all);
      expect(gitCli(dir, 'fsck', '--strict', '--no-dangling')).toBe('');
    }
    expect(Number(/^count: (\d+)$/m.exec(gitCli(dir, 'count-objects', '-v'))![1])).toBe(0);
  });
});
