import fs from 'node:fs';
import { parseSettings, Settings, type SettingsStore } from '../core/settings-store';

/**
 * The part of electron-store (conf) the adapter uses. `store` reads the file fresh on every get
 * and writes it atomically on every set, so the host and the CLI, which share the same
 * config.json, see each other's changes.
 */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

function isParseError(err: unknown): boolean {
  return err instanceof SyntaxError;
}

/** Keep a corrupt config aside instead of overwriting it: a user's workspace list is not thrown away silently. */
export function backUpCorruptFile(file: string, now: number = Date.now()): string | null {
  const backup = `${file}.corrupt-${now}`;
  try {
    fs.copyFileSync(file, backup);
    return backup;
  } catch {
    return null;
  }
}

/** electron-store behind the core's `SettingsStore` port, same JSON document as `createFileSettingsStore`. */
export function createConfSettingsStore(conf: ConfLike): SettingsStore {
  const read = (): Settings => {
    try {
      return parseSettings(conf.store);
    } catch (err) {
      if (!isParseError(err)) throw err;
      backUpCorruptFile(conf.path);
      return Settings.parse({});
    }
  };
  return {
    read,
    update(change) {
      const next = Settings.parse(change(read()));
      conf.store = structuredClone(next) as Record<string, unknown>;
      return next;
    },
  };
}

/**
 * Open electron-store; when config.json is not JSON (conf throws in its constructor), move it
 * aside and open again on a fresh file.
 */
export function openConfSafely<T>(open: () => T, file: string): T {
  try {
    return open();
  } catch (err) {
    if (!isParseError(err) || !fs.existsSync(file)) throw err;
    const backup = backUpCorruptFile(file);
    if (!backup) throw err;
    fs.rmSync(file, { force: true });
    return open();
  }
}
