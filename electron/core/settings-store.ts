import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Workspace } from '../../shared/domain';
import { StoredConnection } from '../../shared/contract/connections';
import { writeFileAtomic } from './fs-atomic';

/** Everything Reposync persists besides secrets. Same JSON document in Electron (electron-store) and the host/CLI. */
export const Settings = z.object({
  version: z.literal(1).default(1),
  workspaces: z.array(Workspace).default([]),
  /** Connection metadata only; secrets live in the vault keyed by connection id. */
  connections: z.array(StoredConnection).default([]),
  /** Linux opt-in: store secrets even when safeStorage only has its fixed-key `basic_text` backend. */
  allowWeakStorage: z.boolean().default(false),
});
export type Settings = z.infer<typeof Settings>;

/** The storage port: Electron backs it with electron-store, the host and CLI with a plain file. */
export interface SettingsStore {
  read(): Settings;
  /** Read fresh, change, write: another process (host + CLI) may have written in between. */
  update(change: (current: Settings) => Settings): Settings;
}

/**
 * Tolerant read: one bad record (hand-edited, or written by a newer version) costs that record,
 * never the whole file. `dropped` counts what was left out so the caller can keep a copy.
 */
export function parseSettingsReport(raw: unknown): { settings: Settings; dropped: number } {
  const whole = Settings.safeParse(raw ?? {});
  if (whole.success) return { settings: whole.data, dropped: 0 };
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  let dropped = 0;
  const keep = <T>(schema: z.ZodType<T>, list: unknown): T[] => {
    if (!Array.isArray(list)) return [];
    const out: T[] = [];
    for (const item of list) {
      const r = schema.safeParse(item);
      if (r.success) out.push(r.data);
      else dropped++;
    }
    return out;
  };
  const settings = Settings.parse({
    workspaces: keep(Workspace, obj.workspaces),
    connections: keep(StoredConnection, obj.connections),
    allowWeakStorage: obj.allowWeakStorage === true,
  });
  return { settings, dropped: Math.max(dropped, 1) };
}

export function parseSettings(raw: unknown): Settings {
  return parseSettingsReport(raw).settings;
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
      const { settings, dropped } = parseSettingsReport(JSON.parse(text));
      // Keep the original beside it before a later write drops the unreadable records for good.
      if (dropped > 0 && !fs.existsSync(`${file}.unreadable`)) fs.copyFileSync(file, `${file}.unreadable`);
      return settings;
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
