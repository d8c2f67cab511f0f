import nodeFs from 'node:fs';
import path from 'node:path';
import { fs, git, run } from './git';
import { resolveRefOrNull } from './refs';

/**
 * isomorphic-git's init writes `filemode=false`, `symlinks=false` and `ignorecase=true` whatever the
 * disk, which makes native git on the same folder ignore exec bits and compare names loosely. Probe
 * the real file system, as `git init` does, and write what it found.
 */
export async function applyLocalConfig(dir: string): Promise<void> {
  const probe = path.join(dir, '.git', `reposync-probe-${process.pid}`);
  const core = { filemode: false, symlinks: false, ignorecase: true };
  try {
    nodeFs.writeFileSync(probe, '');
    nodeFs.chmodSync(probe, 0o755);
    core.filemode = process.platform !== 'win32' && (nodeFs.statSync(probe).mode & 0o100) !== 0;
    core.ignorecase = nodeFs.existsSync(path.join(dir, '.git', path.basename(probe).toUpperCase()));
    try {
      nodeFs.symlinkSync('target', `${probe}-link`);
      core.symlinks = true;
    } catch {
      core.symlinks = false;
    }
  } finally {
    nodeFs.rmSync(probe, { force: true });
    nodeFs.rmSync(`${probe}-link`, { force: true });
  }
  await run('write config', async () => {
    for (const [key, value] of Object.entries(core)) await git.setConfig({ fs, dir, path: `core.${key}`, value });
  });
}

/** A clone of an empty repository has no commit; point HEAD at the branch its first commit will start. */
export async function pointUnbornHead(dir: string, branch: string): Promise<void> {
  if (await resolveRefOrNull(dir, 'HEAD')) return;
  await run('write HEAD', () => git.writeRef({ fs, dir, ref: 'HEAD', value: `refs/heads/${branch}`, symbolic: true, force: true }));
}

export async function currentBranchName(dir: string): Promise<string | null> {
  return run('read branch', async () => (await git.currentBranch({ fs, dir, fullname: false })) ?? null);
}
