// Builds every runtime of Reposync: Electron main + preload (CommonJS, as sandboxed preloads
// require), the headless host and the CLI (ESM bundles, so start-up loads one file), and the
// renderer with Vite. Plain esbuild/Vite rather than electron-vite: that one insists on
// resolving the Electron binary, which cannot be downloaded on every machine.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

// ESM bundles that pull in CommonJS dependencies need `require`, `__filename` and `__dirname`.
const esmBanner = [
  "import { createRequire as __rsCreateRequire } from 'node:module';",
  "import { fileURLToPath as __rsFileURLToPath } from 'node:url';",
  "import { dirname as __rsDirname } from 'node:path';",
  'const require = __rsCreateRequire(import.meta.url);',
  'const __filename = __rsFileURLToPath(import.meta.url);',
  'const __dirname = __rsDirname(__filename);',
].join('\n');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Optional native speed-ups of ws; absent is fine.
  external: ['bufferutil', 'utf-8-validate'],
};

const targets = [
  { name: 'main', entry: 'electron/main/index.ts', out: 'dist/main/index.cjs', format: 'cjs', external: ['electron'] },
  { name: 'preload', entry: 'electron/preload/index.ts', out: 'dist/preload/index.cjs', format: 'cjs', external: ['electron'] },
  { name: 'host', entry: 'electron/host/index.ts', out: 'dist/host/index.mjs', format: 'esm' },
  // The Git worker thread; every bundle (main, host, cli) finds it at ../workers/ (electron/core/workers/pool.ts).
  { name: 'workers', entry: 'electron/core/workers/git-worker.ts', out: 'dist/workers/git-worker.mjs', format: 'esm' },
  // Code splitting: `index.mjs` holds only argv parsing and help; the engine (zod, isomorphic-git)
  // sits in chunks loaded by `import()` when a command needs it, so `--version` starts fast.
  { name: 'cli', entry: 'electron/cli/index.ts', outdir: 'dist/cli', format: 'esm', splitting: true },
  // History index builder, run in a worker_threads worker by electron/core/history/index/run-build.ts.
  { name: 'history-worker', entry: 'electron/core/history/index/worker.ts', out: 'dist/workers/history-index.mjs', format: 'esm' },
  // Status's helper threads for stat'ing big trees (electron/core/git/status-stat-pool.ts), started by the Git worker.
  { name: 'status-stat-worker', entry: 'electron/core/git/status-stat-worker.ts', out: 'dist/workers/status-stat.mjs', format: 'esm' },
];

/**
 * Each file goes to a temp name and is renamed into place, so a CLI started during a rebuild (tests
 * build in parallel) never reads half a file; then chunks of older builds (hashed names) are removed.
 */
function writeSplitOutput(outdir, files) {
  const keep = new Set();
  for (const file of files) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.contents);
    fs.renameSync(tmp, file.path);
    keep.add(file.path);
  }
  for (const entry of fs.readdirSync(outdir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !keep.has(full) && !full.endsWith('.tmp')) fs.rmSync(full, { force: true });
  }
}

const started = Date.now();
for (const t of targets) {
  if (!want(t.name)) continue;
  if (!fs.existsSync(path.join(root, t.entry))) {
    console.warn(`build: skipping ${t.name} (${t.entry} not written yet)`);
    continue;
  }
  const result = await build({
    ...common,
    entryPoints: [path.join(root, t.entry)],
    ...(t.splitting
      ? { outdir: path.join(root, t.outdir), splitting: true, entryNames: '[name]', chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' } }
      : { outfile: path.join(root, t.out) }),
    format: t.format,
    external: [...common.external, ...(t.external ?? [])],
    banner: t.format === 'esm' ? { js: esmBanner } : undefined,
    // Split outputs are written below, file by file and atomically.
    ...(t.splitting ? { write: false } : {}),
  });
  if (t.splitting) writeSplitOutput(path.join(root, t.outdir), result.outputFiles);
}
if (want('renderer') && fs.existsSync(path.join(root, 'renderer/index.html'))) {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
if (!process.env.REPOSYNC_QUIET_BUILD) console.log(`build: done in ${Date.now() - started} ms`);
