import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeRepo, tempDir } from '../../test/support/repo';
import { acquireLock } from './workspace-lock';

afterAll(cleanupTempDirs);

// Each process takes the lock as often as it can, writing "+pid" on entry and "-pid" on exit to
// one shared log (O_APPEND). Exclusion holds when every "+" is followed by its own "-".
const CONTENDER = `
import fs from 'node:fs';
import { acquireLock } from './lock.mjs';
const [dir, log, rounds] = process.argv.slice(2);
let held = 0;
for (let i = 0; i < Number(rounds); i++) {
  let release;
  try { release = acquireLock(dir, 'stress'); } catch (e) { if (e.code === 'busy') continue; throw e; }
  fs.appendFileSync(log, '+' + process.pid + '\\n');
  for (let t = Date.now(); Date.now() - t < 1; );
  fs.appendFileSync(log, '-' + process.pid + '\\n');
  release();
  held++;
}
process.stdout.write(String(held));
`;

describe('workspace lock across processes', () => {
  it('never lets two processes hold it at once, a stale lock taken over included', async () => {
    const work = tempDir('reposync-lock-');
    await build({ entryPoints: [path.join(import.meta.dirname, 'workspace-lock.ts')], outfile: path.join(work, 'lock.mjs'), bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' });
    fs.writeFileSync(path.join(work, 'contender.mjs'), CONTENDER);
    const dir = makeRepo();
    // A lock left by a process that died: the contenders must take it over exactly once.
    fs.mkdirSync(path.join(dir, '.git', 'reposync'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.git', 'reposync', 'lock'), JSON.stringify({ pid: 2 ** 22 + 1, operation: 'pull', since: new Date(0).toISOString() }));
    const log = path.join(work, 'log');
    const run = () =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(work, 'contender.mjs'), dir, log, '300'], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`contender exited ${code}`))));
      });
    const held = await Promise.all([run(), run(), run(), run()]);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]!.startsWith('+'), `line ${i}`).toBe(true);
      expect(lines[i + 1], `line ${i + 1}: who left`).toBe(`-${lines[i]!.slice(1)}`);
    }
    expect(lines.length).toBe(2 * held.reduce((a, b) => a + b, 0));
    expect(held.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dir, '.git', 'reposync', 'lock'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, '.git', 'reposync'))).toEqual([]);
  }, 120_000);

  it('takes over a lock a previous run left with the same pid (containers reuse it), never its own', () => {
    const dir = makeRepo();
    fs.mkdirSync(path.join(dir, '.git', 'reposync'), { recursive: true });
    const file = path.join(dir, '.git', 'reposync', 'lock');
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, operation: 'pull', since: '2026-01-01T00:00:00Z', token: 'earlier-run' }));
    const release = acquireLock(dir, 'fetch');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, operation: 'fetch' });
    expect(() => acquireLock(dir, 'push')).toThrow(expect.objectContaining({ code: 'busy' }));
    release();
    expect(fs.existsSync(file)).toBe(false);
  });
});
