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

  it('the Git worker never loads isomorphic-git (its start is on the critical path of every pull and clone)', () => {
    // Loading isomorphic-git made the worker take 250+ ms to answer its first task instead of ~50 ms.
    // Value imports only: `import type` is erased by the bundler.
    const seen = new Set<string>();
    const chain = new Map<string, string>();
    const reached: string[] = [];
    const queue = [path.join(root, 'electron/core/workers/git-worker.ts')];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = fs.readFileSync(file, 'utf8').replace(/^\s*(?:import|export)\s+type\s[^;]*;/gm, '');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec === 'isomorphic-git' || spec.startsWith('isomorphic-git/')) reached.push(path.relative(root, file));
        if (!spec.startsWith('.')) continue;
        const target = [`${path.resolve(path.dirname(file), spec)}.ts`, path.join(path.resolve(path.dirname(file), spec), 'index.ts')].find((f) => fs.existsSync(f));
        if (target && !seen.has(target)) {
          chain.set(target, file);
          queue.push(target);
        }
      }
    }
    const why = reached.map((f) => {
      const steps = [f];
      for (let at = chain.get(path.join(root, f)); at; at = chain.get(at)) steps.push(path.relative(root, at));
      return steps.reverse().join(' → ');
    });
    expect(why).toEqual([]);
  });
});
