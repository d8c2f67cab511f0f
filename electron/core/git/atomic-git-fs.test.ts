import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeRepo } from '../../../test/support/repo';
import { gitFs } from './atomic-git-fs';
import { fetchFs } from './fetch-fs';

afterAll(cleanupTempDirs);

describe('the fs isomorphic-git writes through', () => {
  it('writes files inside .git by rename (no temp file left) and others in place', async () => {
    const dir = makeRepo();
    const inside = path.join(dir, '.git', 'refs', 'heads', 'x');
    await gitFs.promises.writeFile(inside, 'abc\n', 'utf8');
    await gitFs.promises.writeFile(path.join(dir, 'plain.txt'), Buffer.from('plain'));
    expect(fs.readFileSync(inside, 'utf8')).toBe('abc\n');
    expect(fs.readFileSync(path.join(dir, 'plain.txt'), 'utf8')).toBe('plain');
    expect(fs.readdirSync(path.dirname(inside)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(gitFs.existsSync(inside)).toBe(true);
  });

  it('fetch: holds ref writes back until commit, and reads them back meanwhile', async () => {
    const dir = makeRepo();
    const safe = fetchFs(dir);
    const ref = path.join(dir, '.git', 'refs', 'remotes', 'origin', 'main');
    fs.mkdirSync(path.dirname(ref), { recursive: true });
    await safe.fs.promises.writeFile(ref, 'f'.repeat(40) + '\n');
    expect(fs.existsSync(ref)).toBe(false);
    expect(await safe.fs.promises.readFile(ref, 'utf8')).toBe('f'.repeat(40) + '\n');
    const pack = path.join(dir, '.git', 'objects', 'pack', 'pack-1.pack');
    await safe.fs.promises.writeFile(pack, Buffer.from('PACK'));
    expect(fs.readFileSync(pack, 'utf8')).toBe('PACK');
    safe.commit();
    expect(fs.readFileSync(ref, 'utf8')).toBe('f'.repeat(40) + '\n');
  });
});
