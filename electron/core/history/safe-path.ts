import { ReposyncError } from '../errors';
import { isDotGit } from '../git/safe-path';

/**
 * Checks a caller's repository-relative path and returns it in git's form (`a/b`, no trailing
 * slash). History reads only git objects, but the same path later reaches the disk (restore,
 * open), so anything that could leave the repo or name `.git` is refused here.
 */
export function toRepoPath(input: string): string {
  const trimmed = input.replace(/\/+$/, '');
  const refuse = (why: string): never => {
    throw new ReposyncError('unsafe_path', `The path ${JSON.stringify(input.slice(0, 200))} is not allowed: ${why}.`, { path: input.slice(0, 200) });
  };
  if (trimmed === '') refuse('it is empty');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) refuse('it contains control characters');
  if (trimmed.startsWith('/') || /^[A-Za-z]:/.test(trimmed)) refuse('it must be relative to the repository');
  if (trimmed.includes('\\')) refuse('use / between folders');
  for (const part of trimmed.split('/')) {
    if (part === '' || part === '.' || part === '..') refuse('it must not contain empty, . or .. parts');
    // One definition of `.git` for the whole engine: case, NTFS streams and short names, HFS+ ignorables.
    if (isDotGit(part)) refuse('it must not point into .git');
  }
  return trimmed;
}

const REF_FORBIDDEN = /[\u0000-\u0020\u007f~^:?*[\\]/;

/** git's ref-name rules (check-ref-format), plus plain commit ids; anything else is `invalid_input`. */
export function checkRef(ref: string): string {
  const bad =
    REF_FORBIDDEN.test(ref) ||
    ref.includes('..') ||
    ref.includes('@{') ||
    ref.includes('//') ||
    ref.startsWith('-') ||
    ref.startsWith('/') ||
    ref.endsWith('/') ||
    ref.endsWith('.') ||
    ref.endsWith('.lock') ||
    ref === '@' ||
    ref.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
  if (bad) throw new ReposyncError('invalid_input', `${JSON.stringify(ref.slice(0, 100))} is not a valid branch, tag or commit name.`, { ref: ref.slice(0, 100) });
  return ref;
}
