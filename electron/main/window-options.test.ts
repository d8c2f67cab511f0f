import { describe, expect, it } from 'vitest';
import { decodeBridgeNames } from '../../shared/bridge';
import { CHANNELS, EVENT_NAMES } from '../../shared/contract';
import { buildWindowOptions } from './window-options';

describe('buildWindowOptions', () => {
  const options = buildWindowOptions('/app/dist/preload/index.cjs');
  const prefs = options.webPreferences ?? {};

  it('follows the Electron security checklist', () => {
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    });
  });

  it('has no devtools unless asked', () => {
    expect(prefs.devTools).toBe(false);
    expect(buildWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('stays hidden until ready-to-show, with a title, a background and sane sizes', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('Reposync');
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(options.minWidth).toBeGreaterThanOrEqual(640);
    expect(options.minHeight).toBeGreaterThanOrEqual(480);
    expect(options.width).toBeGreaterThan(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThan(options.minHeight ?? 0);
  });

  it('hands the preload exactly the contract names', () => {
    const names = decodeBridgeNames(prefs.additionalArguments ?? []);
    expect([...names.channels].sort()).toEqual([...CHANNELS].sort());
    expect([...names.events].sort()).toEqual([...EVENT_NAMES].sort());
  });
});
