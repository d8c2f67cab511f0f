import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The architecture's arrows (docs/architecture.md), checked on every import of every source file:
// shared → zod only; renderer → shared + itself; core/host/cli → never 'electron'.
const root = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(p);
      else if (/\.(ts|tsx|mts)$/.test(e.name)) out.push(p);
    }
  };
  walk(path.join(root, dir));
  return out;
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) found.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return found;
}

function resolvesInto(file: string, spec: string, folder: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = path.resolve(path.dirname(file), spec);
  return target === path.join(root, folder) || target.startsWith(path.join(root, folder) + path.sep);
}

function violations(dir: string, bad: (file: string, spec: string) => boolean): string[] {
  const out: string[] = [];
  for (const file of sources(dir)) for (const spec of imports(file)) if (bad(file, spec)) out.push(`${path.relative(root, file)} → ${spec}`);
  return out;
}

describe('layering', () => {
  it('shared/ imports only zod and itself', () => {
    expect(violations('shared', (f, s) => (s.startsWith('.') ? !resolvesInto(f, s, 'shared') : s !== 'zod' && !f.endsWith('.test.ts')))).toEqual([]);
  });

  it('renderer/ imports shared/ and its own code, never electron/ or Node', () => {
    expect(
      violations('renderer', (f, s) => s === 'electron' || s.startsWith('node:') || resolvesInto(f, s, 'electron') || (s.startsWith('.') && !resolvesInto(f, s, 'renderer') && !resolvesInto(f, s, 'shared'))),
    ).toEqual([]);
  });

  for (const dir of ['electron/core', 'electron/host', 'electron/cli']) {
    it(`${dir} never imports 'electron' nor the Electron layer`, () => {
      expect(
        violations(dir, (f, s) => s === 'electron' || s.startsWith('electron/') || resolvesInto(f, s, 'electron/main') || resolvesInto(f, s, 'electron/preload') || resolvesInto(f, s, 'renderer')),
      ).toEqual([]);
    });
  }

  it('only electron/core/git/ imports isomorphic-git', () => {
    const all = ['electron', 'shared', 'renderer'].flatMap((d) => violations(d, (_f, s) => s === 'isomorphic-git' || s.startsWith('isomorphic-git/')));
    expect(all.filter((v) => !v.startsWith('electron/core/git/'))).toEqual([]);
  });
});
