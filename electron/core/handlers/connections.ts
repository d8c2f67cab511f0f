import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';

type ConnectionHandlers = Pick<
  Handlers,
  | 'connections.list'
  | 'connections.create'
  | 'connections.update'
  | 'connections.test'
  | 'connections.delete'
  | 'providers.listRepos'
  | 'providers.openPullRequest'
>;

export function connectionHandlers({ connections }: CoreServices): ConnectionHandlers {
  return {
    'connections.list': async () => connections.list(),
    'connections.create': async (input) => connections.create(input),
    'connections.update': async (input) => connections.update(input),
    'connections.test': async ({ id }) => connections.test(id),
    'connections.delete': async ({ id }) => connections.delete(id),
    'providers.listRepos': async (input) => connections.listRepos(input),
    'providers.openPullRequest': async (input) => connections.openPullRequest(input),
  };
}
