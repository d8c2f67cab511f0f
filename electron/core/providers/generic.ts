import { ReposyncError } from '../errors';
import { mapProviderError, throwForStatus } from './errors';
import { createPolicyFetch, type HttpPolicy } from './http-policy';
import type { GitCredentials, Identity, ProviderClient } from './types';

export interface GenericClientOptions {
  repoUrl: string;
  username: string;
  token: string;
  policy: HttpPolicy;
}

/**
 * Any smart-HTTP Git server with a user name and token/password. There is no API, so the check is
 * the first step of a clone: the ref advertisement of the given repository, with Basic auth.
 */
export class GenericClient implements ProviderClient {
  constructor(private readonly options: GenericClientOptions) {}

  async validate(): Promise<Identity> {
    const url = `${this.options.repoUrl.replace(/\/+$/, '')}/info/refs?service=git-upload-pack`;
    const basic = Buffer.from(`${this.options.username}:${this.options.token}`, 'utf8').toString('base64');
    try {
      const res = await createPolicyFetch(this.options.policy)(url, {
        headers: { authorization: `Basic ${basic}`, 'user-agent': 'git/2.39 (Reposync)', accept: '*/*' },
        redirect: 'follow',
      });
      await throwForStatus(res);
      const type = res.headers.get('content-type') ?? '';
      await res.body?.cancel().catch(() => undefined);
      if (!type.startsWith('application/x-git-upload-pack-advertisement')) {
        throw new ReposyncError('unsupported', `${this.options.repoUrl} is not a smart-HTTP Git repository (the server answered ${type || 'without a content type'}).`, {
          field: 'repoUrl',
        });
      }
    } catch (err) {
      throw mapProviderError(err, 'The Git server', this.options.policy.clock.now());
    }
    return { username: this.options.username, expiresAt: null };
  }

  async listRepos(): Promise<never> {
    throw new ReposyncError('unsupported', 'A plain Git server has no API to list repositories; enter the repository URL instead.');
  }

  async getRepo(): Promise<never> {
    throw new ReposyncError('unsupported', 'A plain Git server has no API to describe a repository.');
  }

  async openPullRequest(): Promise<never> {
    throw new ReposyncError('unsupported', 'A plain Git server has no pull requests; push the branch and open one on the server.');
  }

  async gitCredentials(): Promise<GitCredentials> {
    return { username: this.options.username, password: this.options.token };
  }
}
