import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Workspace } from '../../shared/domain';
import { writeFileAtomic } from './fs-atomic';

/** Everything Reposync persists besides secrets. Same JSON document in Electron (electron-store) and the host/CLI. */
export const Settings = z.object({
  version: z.literal(1).default(1),
  workspaces: z.array(Workspace).default([]),
});
export type Settings = z.infer<typeof Settings>;

/** The storage port: Electron backs it with electron-store, the host and CLI with a plain file. */
export interface SettingsStore {
  read(): Settings;
  /** Read fresh, change, write: another process (host + CLI) may have written in between. */
  update(change: (current: Settings) => Settings): Settings;
}

export function parseSettings(raw: unknown): Settings {
  const parsed = Settings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : Settings.parse({});
}

/**
 * electron-store's format: `config.json` in the data folder, tab-indented JSON.
 * A corrupt file is kept aside (never silently overwritten) and the app starts empty.
 */
export function createFileSettingsStore(home: string): SettingsStore {
  const file = path.join(home, 'config.json');
  const read = (): Settings => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Settings.parse({});
      throw err;
    }
    try {
      return parseSettings(JSON.parse(text));
    } catch {
      fs.copyFileSync(file, `${file}.corrupt-${Date.now()}`);
      return Settings.parse({});
    }
  };
  return {
    read,
    update(change) {
      const next = Settings.parse(change(read()));
      writeFileAtomic(file, JSON.stringify(next, undefined, '\t'));
      return next;
    },
  };
}

export function createMemorySettingsStore(initial: Partial<Settings> = {}): SettingsStore {
  let current = Settings.parse(initial);
  return {
    read: () => structuredClone(current),
    update(change) {
      current = Settings.parse(change(structuredClone(current)));
      return structuredClone(current);
    },
  };
}
