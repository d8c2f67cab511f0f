import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Only these files may load Electron at run time; everything else here is pure and unit-tested.
const ELECTRON_GLUE = new Set(['main/index.ts', 'main/dialogs.ts', 'main/electron-settings.ts', 'preload/index.ts']);
const root = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${dir}/${f}`);
}

// A value import of 'electron' (or of electron-store, which imports it) in any form.
const RUNTIME_ELECTRON = /(^|\n)\s*import\s+(?!type\s)[^;]*from\s+['"](electron|electron-store)['"]|require\(\s*['"](electron|electron-store)['"]\s*\)|import\(\s*['"](electron|electron-store)['"]\s*\)/;

describe('electron layering', () => {
  const files = [...sources('main'), ...sources('preload')];

  it.each(files.filter((f) => !ELECTRON_GLUE.has(f)))('%s does not load electron at run time', (file) => {
    expect(fs.readFileSync(path.join(root, file), 'utf8')).not.toMatch(RUNTIME_ELECTRON);
  });

  it('the glue files are the ones that do', () => {
    for (const file of ['main/index.ts', 'preload/index.ts']) {
      expect(fs.readFileSync(path.join(root, file), 'utf8')).toMatch(RUNTIME_ELECTRON);
    }
  });
});
