import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { indexPack } from './pack-indexer';
import { indexFetchedPack, placeFetchedPack, plantSeed } from './pack-seed';
import { closeSharedStore, sharedStore } from './shared-store';

afterAll(() => cleanupTempDirs());

/** A source repo with a few commits, and an empty repo to receive a pack of all of it. */
function setup() {
  const src = makeRepo({ 'README.md': '# r\n', 'src/a.ts': 'export const a = 1;\n' });
  for (let c = 0; c < 4; c++) {
    writeFile(src, 'src/a.ts', `export const a = ${c};\n`);
    writeFile(src, `docs/d${c}.md`, `doc ${c}\n`);
    gitCli(src, 'add', '-A');
    gitCli(src, 'commit', '-q', '-m', `c${c}`);
  }
  const out = path.join(tempDir(), 'p');
  const revs = execFileSync('git', ['rev-list', '--objects', 'HEAD'], { cwd: src });
  const name = execFileSync('git', ['pack-objects', '-q', '--delta-base-offset', out], { cwd: src, input: revs }).toString().trim();
  const dest = tempDir();
  gitCli(dest, 'init', '-q');
  return { src, dest, pack: fs.readFileSync(`${out}-${name}.pack`) };
}

/** Every object of the source as git lists it: id → [type, bytes]. */
function gitObjects(src: string): Map<string, [string, Buffer]> {
  const out = new Map<string, [string, Buffer]>();
  for (const line of gitCli(src, 'cat-file', '--batch-all-objects', '--batch-check').trim().split('\n')) {
    const [oid, type] = line.split(' ');
    out.set(oid!, [type!, execFileSync('git', ['cat-file', type!, oid!], { cwd: src })]);
  }
  return out;
}

describe('indexFetchedPack', () => {
  it('indexes as indexPack does and seeds exactly the commits and trees git has, each with git\'s bytes', () => {
    const { src, dest, pack } = setup();
    const res = indexFetchedPack(pack, dest);
    const plain = indexPack(pack);
    expect(res.checksum).toBe(plain.checksum);
    expect(res.idx.equals(plain.idx)).toBe(true);

    const objects = gitObjects(src);
    const wanted = [...objects].filter(([, [type]]) => type === 'commit' || type === 'tree').map(([oid]) => oid).sort();
    const seeded: string[] = [];
    let start = 0;
    for (let i = 0; i < res.seed.types.length; i++) {
      const oid = Buffer.from(res.seed.oids.subarray(i * 20, i * 20 + 20)).toString('hex');
      const [type, bytes] = objects.get(oid)!;
      expect({ oid, type: { 1: 'commit', 2: 'tree' }[res.seed.types[i]!] }).toEqual({ oid, type });
      expect(Buffer.from(res.seed.bytes.subarray(start, res.seed.ends[i])).equals(bytes)).toBe(true);
      start = res.seed.ends[i]!;
      seeded.push(oid);
    }
    expect(seeded.sort()).toEqual(wanted);
    closeSharedStore(dest);
  });

  it('lets no object be read before its pack is in place, then reads every one as git does', () => {
    const { src, dest, pack } = setup();
    const objects = gitObjects(src);
    const res = indexFetchedPack(pack, dest);
    const store = sharedStore(dest);
    // The indexer held the blobs back: a fetch that fails after indexing leaves nothing readable.
    for (const oid of objects.keys()) expect(store.read(oid)).toBeNull();

    const packFile = path.join(dest, '.git', 'objects', 'pack', `pack-${res.checksum}.pack`);
    const tmp = path.join(dest, '.git', 'objects', 'pack', '.tmp-test.pack');
    fs.writeFileSync(tmp, pack);
    placeFetchedPack(tmp, packFile, res.checksum, res.idx, dest);
    plantSeed(dest, res.seed);
    for (const [oid, [type, bytes]] of objects) {
      const obj = store.read(oid);
      expect(obj?.type).toBe(type);
      expect(obj!.data.equals(bytes)).toBe(true);
    }
    closeSharedStore(dest);
    // The placed pack is what git reads too.
    expect(gitCli(dest, 'cat-file', '-t', gitCli(src, 'rev-parse', 'HEAD').trim()).trim()).toBe('commit');
    gitCli(dest, 'fsck', '--no-dangling');
  });
});
