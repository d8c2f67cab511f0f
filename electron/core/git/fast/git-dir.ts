import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReposyncError } from '../../errors';

/**
 * The folder holding refs and objects for `gitdir`: a linked worktree's gitdir has a `commondir`
 * file pointing at the main one (git's Documentation/gitrepository-layout.txt).
 */
export function commonDir(gitdir: string): string {
  try {
    const rel = fs.readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim();
    return rel ? path.resolve(gitdir, rel) : gitdir;
  } catch {
    return gitdir;
  }
}

/**
 * The git directory of a working folder or bare repository: `dir/.git` (a folder, or a file with
 * `gitdir: <path>` as worktrees and submodules have), or `dir` itself when it is a bare repository.
 */
export function findGitDir(dir: string): string {
  const dotGit = path.join(dir, '.git');
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dotGit);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) return dotGit;
  if (stat?.isFile()) {
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(fs.readFileSync(dotGit, 'utf8'));
    if (match?.[1]) return path.resolve(dir, match[1]);
  }
  if (fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects'))) return dir;
  throw new ReposyncError('not_found', 'This folder is not a Git repository.', { dir });
}

/**
 * A boolean setting of the repository's config (`core.filemode`, `core.commitGraph`, …) read the
 * simple way: the first line `key = value` in any section, case-insensitive as git's keys are;
 * false/no/off/0 are false. The config lives in the common folder, shared by linked worktrees.
 */
export function configFlag(gitdir: string, key: string, fallback: boolean): boolean {
  let text: string;
  try {
    text = fs.readFileSync(path.join(commonDir(gitdir), 'config'), 'utf8');
  } catch {
    return fallback;
  }
  return flagIn(text, key) ?? fallback;
}

function flagIn(text: string, key: string): boolean | undefined {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*(\\w+)`, 'im').exec(text);
  return m ? !/^(false|no|off|0)$/i.test(m[1]!) : undefined;
}

/**
 * The same for a setting a worktree may hold in its own `config.worktree` (read when
 * extensions.worktreeConfig is on, as `git sparse-checkout` writes core.sparseCheckout there),
 * which wins over the shared config.
 */
export function worktreeConfigFlag(gitdir: string, key: string, fallback: boolean): boolean {
  if (configFlag(gitdir, 'worktreeConfig', false)) {
    try {
      const own = flagIn(fs.readFileSync(path.join(gitdir, 'config.worktree'), 'utf8'), key);
      if (own !== undefined) return own;
    } catch {
      // no config.worktree: the shared config decides
    }
  }
  return configFlag(gitdir, key, fallback);
}

/** Refuses repository formats the fast reader cannot read rather than misreading them. */
export function assertSupportedFormat(gitdir: string): void {
  let config = '';
  try {
    config = fs.readFileSync(path.join(commonDir(gitdir), 'config'), 'utf8');
  } catch {
    return;
  }
  if (/^\s*objectformat\s*=\s*sha256\s*$/im.test(config)) {
    throw new ReposyncError('unsupported', 'SHA-256 repositories are not supported.', { gitdir });
  }
  if (/^\s*refstorage\s*=\s*reftable\s*$/im.test(config)) {
    throw new ReposyncError('unsupported', 'Repositories using the reftable ref format are not supported.', { gitdir });
  }
}

/**
 * A `[core]` setting as git resolves it across its config files: the global ones
 * (`$XDG_CONFIG_HOME/git/config`, then `~/.gitconfig`), then the repository's, the last value
 * read winning. A bare `key` line is `true`, as git reads it. Undefined when none sets it.
 * Section-aware, unlike configFlag: `eol` or `autocrlf` are names other sections could use.
 */
export function coreSetting(gitdir: string, key: string): string | undefined {
  return coreSettings(gitdir, [key]).get(key);
}

/** coreSetting for several keys, each config file read once. */
export function coreSettings(gitdir: string, keys: readonly string[]): Map<string, string> {
  const xdg = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  const out = new Map<string, string>();
  for (const file of [path.join(xdg, 'git', 'config'), path.join(os.homedir(), '.gitconfig'), path.join(commonDir(gitdir), 'config')]) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const key of keys) {
      const value = coreSettingIn(text, key);
      if (value !== undefined) out.set(key, value);
    }
  }
  return out;
}

/**
 * A global file named by a `core` setting (`excludesFile`, `attributesFile`: `~/` is the home
 * folder), or git's default for it when unset: `$XDG_CONFIG_HOME/git/<name>`.
 */
export function globalGitFile(configured: string | undefined, name: string): string {
  if (configured) return configured.startsWith('~/') ? path.join(os.homedir(), configured.slice(2)) : configured;
  return path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'git', name);
}

export function coreSettingIn(text: string, key: string): string | undefined {
  let section = '';
  let found: string | undefined;
  const lower = key.toLowerCase();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const head = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"[^"]*")?\s*\]\s*(.*)$/.exec(line);
    let rest = line;
    if (head) {
      section = head[1]!.toLowerCase();
      rest = head[2]!;
    }
    if (section !== 'core' || !rest) continue;
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(rest);
    if (!kv || kv[1]!.toLowerCase() !== lower) continue;
    found = kv[2] === undefined ? 'true' : kv[2].replace(/\s*[#;].*$/, '').replace(/^"(.*)"$/, '$1').trim();
  }
  return found;
}
