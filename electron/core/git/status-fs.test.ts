import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import { DIRENT_DIR, DIRENT_FILE, DIRENT_LINK, fieldsOfStats, isFileMode, isLinkMode, listFolder, lstatFields, newStatFields, resetStatusFs, usingBinding } from './status-fs';

afterAll(cleanupTempDirs);
afterEach(() => resetStatusFs());

function sample(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.txt'), 'hello\n');
  fs.writeFileSync(path.join(dir, 'run.sh'), 'echo\n', { mode: 0o755 });
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.symlinkSync('a.txt', path.join(dir, 'link'));
  fs.writeFileSync(path.join(dir, 'naïve café ✓.txt'), '');
  return dir;
}

const names = ['a.txt', 'link', 'naïve café ✓.txt', 'run.sh', 'sub'];

/** Both ways of reading: the binding once checked (where this Node has it), then the public calls only. */
const modes = [['the fs binding', true], ['the public calls', false]] as const;

describe.each(modes)('through %s', (_label, useBinding) => {
  it('gives every field as fs.lstatSync does, for files, symlinks and folders', () => {
    resetStatusFs(useBinding);
    const dir = sample();
    const out = newStatFields();
    for (const name of names) {
      const full = path.join(dir, name);
      // Twice: the first call is the one that checks the binding.
      for (let round = 0; round < 2; round++) {
        expect(lstatFields(full, out)).toBe(true);
        expect([...out]).toEqual([...fieldsOfStats(fs.lstatSync(full))]);
      }
    }
    lstatFields(path.join(dir, 'a.txt'), out);
    expect(isFileMode(out[0]!)).toBe(true);
    lstatFields(path.join(dir, 'link'), out);
    expect(isLinkMode(out[0]!)).toBe(true);
  });

  it('says false for a missing file and throws with a code where a folder on the way is a file', () => {
    resetStatusFs(useBinding);
    const dir = sample();
    const out = newStatFields();
    lstatFields(path.join(dir, 'a.txt'), out);
    expect(lstatFields(path.join(dir, 'missing'), out)).toBe(false);
    expect(() => lstatFields(path.join(dir, 'a.txt', 'below'), out)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => lstatFields(`${dir}/a\0b`, out)).toThrow();
  });

  it('lists a folder with the types readdirSync gives', () => {
    resetStatusFs(useBinding);
    const dir = sample();
    for (let round = 0; round < 2; round++) {
      const { names: got, types } = listFolder(dir);
      const byName = new Map(got.map((n, k) => [n, types[k]]));
      expect([...byName.keys()].sort()).toEqual(names);
      expect(byName.get('a.txt')).toBe(DIRENT_FILE);
      expect(byName.get('sub')).toBe(DIRENT_DIR);
      expect(byName.get('link')).toBe(DIRENT_LINK);
    }
    expect(() => listFolder(path.join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('the fs binding', () => {
  const binding = (() => {
    try {
      return typeof ((process as unknown as { binding: (name: string) => { lstat?: unknown } }).binding('fs').lstat) === 'function';
    } catch {
      return false;
    }
  })();

  // Where this Node has the binding, status must be using it: falling back silently would only show as a slower status.
  it.runIf(binding)('is in use after one lstat and one listing that matched the public calls', () => {
    resetStatusFs();
    const dir = sample();
    expect(usingBinding()).toBe(false);
    lstatFields(path.join(dir, 'a.txt'), newStatFields());
    listFolder(dir);
    expect(usingBinding()).toBe(true);
  });

  it('is not touched where Node would print a deprecation warning for it', async () => {
    const dir = sample();
    await build({ entryPoints: [path.join(import.meta.dirname, 'status-fs.ts')], outfile: path.join(dir, 'status-fs.mjs'), bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' });
    const script = path.join(dir, 'run.mjs');
    fs.writeFileSync(script, `import { listFolder, lstatFields, newStatFields, usingBinding } from './status-fs.mjs';
lstatFields(process.argv[2], newStatFields());
listFolder(process.argv[3]);
process.stdout.write(String(usingBinding()));\n`);
    const run = (args: string[], env: NodeJS.ProcessEnv = {}): string => {
      const res = spawnSync(process.execPath, [...args, script, path.join(dir, 'a.txt'), dir], { env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' });
      expect(res.stderr).toBe(''); // no DEP0111 warning
      return res.stdout;
    };
    expect(run(['--pending-deprecation'])).toBe('false');
    expect(run([], { NODE_OPTIONS: '--pending-deprecation' })).toBe('false');
    expect(run([], { NODE_PENDING_DEPRECATION: '1' })).toBe('false');
    expect(run([])).toBe(String(binding));
  });

  it('is not used when told not to', () => {
    resetStatusFs(false);
    const dir = sample();
    lstatFields(path.join(dir, 'a.txt'), newStatFields());
    listFolder(dir);
    expect(usingBinding()).toBe(false);
  });
});
