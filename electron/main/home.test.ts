import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHome } from '../core/paths';
import { resolveHome } from './home';

describe('resolveHome', () => {
  it('honours REPOSYNC_HOME, made absolute', () => {
    expect(resolveHome({ REPOSYNC_HOME: '/data/rs' }, '/appdata')).toBe(path.resolve('/data/rs'));
    expect(resolveHome({ REPOSYNC_HOME: 'rel/dir' }, '/appdata')).toBe(path.resolve('rel/dir'));
  });

  it('otherwise uses <appData>/Reposync, whatever package.json calls the app', () => {
    expect(resolveHome({}, '/home/u/.config')).toBe(path.join('/home/u/.config', 'Reposync'));
  });

  it('agrees with the host and CLI on Linux (Electron appData = XDG_CONFIG_HOME or ~/.config)', () => {
    const env = { XDG_CONFIG_HOME: '/home/u/.cfg' };
    expect(resolveHome(env, '/home/u/.cfg')).toBe(defaultHome(env, 'linux'));
  });
});
