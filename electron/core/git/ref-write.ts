import path from 'node:path';
import { replaceFile } from '../fs-atomic';
import { ReposyncError } from '../errors';
import { fs, git, run } from './git';
import type { Signature } from './object-write';

const ZERO = '0'.repeat(40);

function refFile(dir: string, ref: string): string {
  if (!/^refs\/[^\0\\]+$/.test(ref) || ref.split('/').some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.') || p.endsWith('.lock'))) {
    throw new ReposyncError('invalid_input', `"${ref}" is not a valid ref name.`, { ref });
  }
  return path.join(dir, '.git', ...ref.split('/'));
}

/** Point a ref at a commit with one atomic rename (a crash leaves the old or the new value). */
export function writeRef(dir: string, ref: string, oid: string): void {
  replaceFile(refFile(dir, ref), `${oid}\n`);
}

/** Delete a ref, loose or packed. */
export async function deleteRef(dir: string, ref: string): Promise<void> {
  refFile(dir, ref);
  await run('delete ref', () => git.deleteRef({ fs, dir, ref }));
}

export async function listRefNames(dir: string, prefix: string): Promise<string[]> {
  return run('list refs', async () => (await git.listRefs({ fs, dir, filepath: prefix })).map((r) => `${prefix}/${r}`));
}

/** HEAD as a symbolic ref to a branch (what `git switch` leaves). */
export function writeHeadToBranch(dir: string, branch: string): void {
  refFile(dir, `refs/heads/${branch}`);
  replaceFile(path.join(dir, '.git', 'HEAD'), `ref: refs/heads/${branch}\n`);
}

/**
 * Best-effort reflog lines, as git writes them, so `git reflog` can still find every commit a
 * sync moved away from. A failure here never fails the sync.
 */
export function appendReflog(dir: string, refs: string[], oldOid: string | null, newOid: string | null, who: Signature, message: string): void {
  const sign = who.offset < 0 ? '-' : '+';
  const abs = Math.abs(who.offset);
  const tz = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  const line = `${oldOid ?? ZERO} ${newOid ?? ZERO} ${who.name} <${who.email}> ${who.timestamp} ${tz}\t${message.split('\n')[0]}\n`;
  for (const ref of refs) {
    try {
      const file = path.join(dir, '.git', 'logs', ...ref.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.appendFileSync(file, line);
    } catch {
      // The reflog is a convenience for people using git by hand; the backup ref is our safety net.
    }
  }
}
