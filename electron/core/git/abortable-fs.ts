import nodeFs from 'node:fs';
import { ReposyncError } from '../errors';

/**
 * Node's fs for isomorphic-git, except that every call fails once `signal` has fired. isomorphic-git
 * takes no signal for clone's checkout; this makes a cancelled clone stop at its next file instead
 * of writing the whole tree first.
 */
export function abortableFs(signal: AbortSignal | undefined): typeof nodeFs {
  if (!signal) return nodeFs;
  const promises = new Proxy(nodeFs.promises, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (signal.aborted) return Promise.reject(new ReposyncError('cancelled', 'The operation was cancelled.'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  // isomorphic-git only uses `fs.promises` when it is present.
  return { promises } as unknown as typeof nodeFs;
}
