import fs from 'node:fs';
import path from 'node:path';
// conf is what electron-store extends (same constructor options, same file); electron-store
// itself imports 'electron' and cannot load in plain Node.
import Conf from 'conf';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../test/support/repo';
import { createFileSettingsStore, Settings } from '../core/settings-store';
import { createConfSettingsStore, openConfSafely } from './settings-adapter';

afterAll(() => cleanupTempDirs());

/** The options electron-store passes to conf for `new Store({ cwd: home, name: 'config' })`. */
const openConf = (home: string) => new Conf<Record<string, unknown>>({ cwd: home, configName: 'config', projectVersion: '0.1.0' });

const workspace = (id: string): Settings['workspaces'][number] => ({
  id,
  name: `Ünïcode ${id}`,
  path: `/tmp/${id}`,
  remoteUrl: 'https://github.com/octo/repo.git',
  branch: 'develop',
  pathPrefix: '',
  author: null,
  connectionId: null,
  group: null,
  environments: [],
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  lastSyncAt: null,
});

describe('createConfSettingsStore', () => {
  it('starts empty on a fresh home', () => {
    const home = tempDir('reposync-conf-');
    expect(createConfSettingsStore(openConf(home)).read()).toEqual(Settings.parse({}));
  });

  it('writes the same config.json the host and CLI read, and reads theirs', () => {
    const home = tempDir('reposync-conf-');
    const electronSide = createConfSettingsStore(openConf(home));
    const hostSide = createFileSettingsStore(home);

    electronSide.update((s) => ({ ...s, workspaces: [workspace('w1')] }));
    expect(hostSide.read().workspaces.map((w) => w.id)).toEqual(['w1']);
    expect(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).toContain('\t"workspaces"');

    hostSide.update((s) => ({ ...s, workspaces: [...s.workspaces, workspace('w2')] }));
    // conf reads the file on every access, so a write by another process is seen at once.
    expect(electronSide.read().workspaces.map((w) => w.id)).toEqual(['w1', 'w2']);
  });

  it('returns what it wrote without letting conf mutate it', () => {
    const home = tempDir('reposync-conf-');
    const store = createConfSettingsStore(openConf(home));
    const next = store.update((s) => ({ ...s, workspaces: [workspace('w1')] }));
    expect(Object.keys(next).sort()).toEqual(Object.keys(Settings.parse({})).sort());
    expect(store.read()).toEqual(next);
  });

  it('keeps a file corrupted after start aside and reads as empty', () => {
    const home = tempDir('reposync-conf-');
    const store = createConfSettingsStore(openConf(home));
    store.update((s) => ({ ...s, workspaces: [workspace('w1')] }));
    fs.writeFileSync(path.join(home, 'config.json'), '{"workspaces": [', 'utf8');
    expect(store.read().workspaces).toEqual([]);
    const backups = fs.readdirSync(home).filter((f) => f.startsWith('config.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(fs.readFileSync(path.join(home, backups[0] ?? ''), 'utf8')).toBe('{"workspaces": [');
  });

  it('drops unknown top-level keys and invalid entries rather than crashing', () => {
    const home = tempDir('reposync-conf-');
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, workspaces: 'nope', extra: true }));
    expect(createConfSettingsStore(openConf(home)).read()).toEqual(Settings.parse({}));
  });
});

describe('openConfSafely', () => {
  it('moves a corrupt config aside and opens a fresh one', () => {
    const home = tempDir('reposync-conf-');
    const file = path.join(home, 'config.json');
    fs.writeFileSync(file, 'not json at all', 'utf8');
    expect(() => openConf(home)).toThrow(SyntaxError);
    const conf = openConfSafely(() => openConf(home), file);
    expect(createConfSettingsStore(conf).read().workspaces).toEqual([]);
    const backups = fs.readdirSync(home).filter((f) => f.startsWith('config.json.corrupt-'));
    expect(backups.map((f) => fs.readFileSync(path.join(home, f), 'utf8'))).toEqual(['not json at all']);
  });

  it('passes other errors through', () => {
    expect(() =>
      openConfSafely(() => {
        throw new Error('EACCES');
      }, '/nonexistent/config.json'),
    ).toThrow('EACCES');
  });
});
