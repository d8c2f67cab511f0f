// `npm run bench`: builds the app, bundles bench/run.ts with esbuild into bench/.work/dist (Node 20 runs no
// TypeScript by itself) and runs it. Arguments pass through: --quick, --write, --runs N.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Several figures run the built app (dist/: the Git worker, the host, the CLI): build it first, so a
// figure never measures a stale bundle (or fails on a worker task the old bundle lacks).
const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const outfile = path.join(root, 'bench/.work/dist/run.mjs');
await build({
  entryPoints: [path.join(root, 'bench/run.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const res = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
