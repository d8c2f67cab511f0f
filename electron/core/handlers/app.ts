import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';
import { ReposyncError } from '../errors';

export function appHandlers({ options, store, vault }: CoreServices): Pick<Handlers, 'app.info' | 'app.pickFolder' | 'app.settings' | 'app.updateSettings'> {
  return {
    'app.info': async () => ({
      name: 'Reposync' as const,
      version: options.version,
      mode: options.mode,
      home: options.home,
      platform: process.platform,
      vaultKind: vault.kind,
      canPickFolder: Boolean(options.pickFolder),
    }),
    'app.pickFolder': async ({ title }) => {
      if (!options.pickFolder) {
        throw new ReposyncError('unsupported', 'This window cannot open a folder dialog; type the folder path instead.');
      }
      return { path: await options.pickFolder(title ?? 'Choose a folder') };
    },
    'app.settings': async () => ({ allowWeakStorage: store.read().allowWeakStorage }),
    'app.updateSettings': async (change) => {
      const next = store.update((s) => ({ ...s, ...(change.allowWeakStorage === undefined ? {} : { allowWeakStorage: change.allowWeakStorage }) }));
      return { allowWeakStorage: next.allowWeakStorage };
    },
  };
}
