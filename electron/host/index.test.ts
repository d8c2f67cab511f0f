import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir, writeFile } from '../../test/support/repo';
import { silentLogger } from '../core/log';
import { bundledRendererDir, parseHostArgs, startHost, UsageError } from './index';
import { request } from './test-helpers';

afterAll(cleanupTempDirs);

describe('parseHostArgs', () => {
  it('reads --port in both spellings, accepts --no-open and --help', () => {
    expect(parseHostArgs([])).toEqual({ port: 0, help: false });
    expect(parseHostArgs(['--port', '8123', '--no-open'])).toEqual({ port: 8123, help: false });
    expect(parseHostArgs(['--port=0'])).toEqual({ port: 0, help: false });
    expect(parseHostArgs(['--help']).help).toBe(true);
  });

  it.each([['--port'], ['--port', 'abc'], ['--port', '70000'], ['--port', '-1'], ['--open-sesame'], ['stray']])('refuses %j', (...argv) => {
    expect(() => parseHostArgs(argv)).toThrow(UsageError);
  });
});

describe('startHost', () => {
  it('prints exactly one URL line and the data folder, and serves the core for REPOSYNC_HOME', async () => {
    const home = path.join(tempDir(), 'home with space');
    const rendererDir = tempDir();
    writeFile(rendererDir, 'index.html', '<!doctype html><title>ok</title>');
    const out: string[] = [];
    const started = await startHost(['--port', '0'], { REPOSYNC_HOME: home }, { stdout: (l) => out.push(l), stderr: () => {}, rendererDir, log: silentLogger });
    expect(started).not.toBeNull();
    try {
      expect(out).toHaveLength(2);
      expect(out[0]).toMatch(/^Reposync is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
      expect(out[0]).toBe(`Reposync is running at ${started!.host.url}`);
      expect(out[1]).toBe(`Data folder: ${home}`);
      const res = await request(started!.host.port, {
        method: 'POST',
        path: '/api/invoke',
        headers: { Authorization: `Bearer ${started!.host.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel: 'app.info', input: {} }),
      });
      expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { home, mode: 'host' } });
    } finally {
      await started!.stop();
    }
  });

  it('prints usage for --help and starts nothing', async () => {
    const out: string[] = [];
    expect(await startHost(['--help'], {}, { stdout: (l) => out.push(l) })).toBeNull();
    expect(out.join('\n')).toContain('--port N');
  });

  it('finds the renderer beside the bundle', () => {
    expect(bundledRendererDir('file:///app/dist/host/index.mjs')).toBe(path.resolve('/app/dist/renderer'));
  });
});
