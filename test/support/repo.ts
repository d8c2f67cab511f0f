import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs the real git CLI — the reference every engine result is checked against. */
export function gitCli(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test Author',
      GIT_AUTHOR_EMAIL: 'author@example.test',
      GIT_COMMITTER_NAME: 'Test Author',
      GIT_COMMITTER_EMAIL: 'author@example.test',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: os.tmpdir(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const made: string[] = [];

export function tempDir(prefix = 'reposync-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function writeFile(root: string, rel: string, content: string | Buffer): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** A fresh non-bare repo on branch `main` with the given files committed. */
export function makeRepo(files: Record<string, string> = { 'README.md': '# hello\n' }, branch = 'main'): string {
  const dir = tempDir();
  gitCli(dir, 'init', '-q', '-b', branch);
  gitCli(dir, 'config', 'user.name', 'Test Author');
  gitCli(dir, 'config', 'user.email', 'author@example.test');
  for (const [rel, content] of Object.entries(files)) writeFile(dir, rel, content);
  if (Object.keys(files).length > 0) {
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', 'initial commit');
  }
  return dir;
}
