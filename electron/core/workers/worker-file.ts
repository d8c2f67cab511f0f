import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the built worker bundles are. Its own module without imports of the engine, so the status
 * code (which the Git worker itself runs) can find its helper thread's bundle too.
 */
function thisFile(): string {
  // Every bundle has __filename: CommonJS (Electron main) natively, the ESM ones from a banner
  // (scripts/build.mjs); import.meta would be empty in the CommonJS bundle. Else: the entry script.
  return typeof __filename === 'string' && __filename ? __filename : (process.argv[1] ?? process.cwd());
}

/**
 * The built worker `name` near the running bundle: dist/workers/ seen from dist/host, dist/main,
 * dist/cli/chunks or dist/workers itself (one level up). The environment variable `envVar` names a file, or `off`.
 */
export function findBundledWorker(name: string, envVar: string, from: string = thisFile()): string | null {
  const env = process.env[envVar];
  if (env === 'off') return null;
  if (env) return env;
  let dir = path.dirname(from);
  for (let i = 0; i < 3; i++) {
    // In a packaged app the worker is unpacked beside the archive (asarUnpack): a Worker cannot
    // start from inside app.asar, so point at app.asar.unpacked when that copy exists.
    const candidate = unpackedPath(path.join(dir, 'workers', name));
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

export function unpackedPath(file: string): string {
  const marker = `${path.sep}app.asar${path.sep}`;
  if (!file.includes(marker)) return file;
  const unpacked = file.replace(marker, `${path.sep}app.asar.unpacked${path.sep}`);
  return fs.existsSync(unpacked) ? unpacked : file;
}
