import { ReposyncError } from '../errors';
import { fs, git, run } from './git';

export interface Identity {
  name: string;
  email: string;
}

/**
 * Who commits: the workspace's author, else the repo's own `user.name` / `user.email`.
 * Never a made-up name: a commit under a wrong name cannot be taken back once pushed.
 */
export async function resolveIdentity(dir: string, author: Identity | null): Promise<Identity> {
  if (author) return author;
  const [name, email] = await run('read identity', async () => [
    (await git.getConfig({ fs, dir, path: 'user.name' })) as string | undefined,
    (await git.getConfig({ fs, dir, path: 'user.email' })) as string | undefined,
  ]);
  if (name && email) return { name, email };
  throw new ReposyncError('invalid_input', 'This workspace has no author: set a name and e-mail for its commits first.', { field: 'author' });
}
