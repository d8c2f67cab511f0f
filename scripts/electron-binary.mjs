// Where the Electron binary is, without importing `electron` (which would try to download it).
// Electron ≥ 42 downloads its binary lazily, on first use; on machines that cannot reach
// GitHub it is simply absent, and Reposync falls back to its browser host.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @returns {{ found: true, path: string } | { found: false, reason: string }} */
export function findElectronBinary(env = process.env) {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return fs.existsSync(candidate)
      ? { found: true, path: candidate }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary at ${candidate}` };
  }
  if (!relative) return { found: false, reason: 'its binary has not been downloaded on this machine' };
  const full = path.join(pkgDir, 'dist', relative);
  return fs.existsSync(full) ? { found: true, path: full } : { found: false, reason: `its binary is missing (${full})` };
}
