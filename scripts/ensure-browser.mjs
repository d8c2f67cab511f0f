// Makes sure the browser suite has a Chromium to drive: Debian's package where we can install it
// (root with apt), Playwright's own download elsewhere. Says in one line what is missing otherwise.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const DEBIAN = '/usr/bin/chromium';

function playwrightChromium() {
  try {
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    return p && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** @returns {string | null} an executable path (null = Playwright's own download) or throws with one line. */
export function ensureChromium(log = (m) => process.stderr.write(m + '\n')) {
  const wanted = process.env.REPOSYNC_CHROMIUM;
  if (wanted) {
    if (fs.existsSync(wanted)) return wanted;
    throw new Error(`REPOSYNC_CHROMIUM points at ${wanted}, which does not exist.`);
  }
  if (fs.existsSync(DEBIAN)) return DEBIAN;
  if (playwrightChromium()) return null;
  if (process.getuid?.() === 0 && has('apt-get')) {
    log('test: installing Debian chromium for the browser suite (apt-get install -y chromium)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    if (fs.existsSync(DEBIAN)) return DEBIAN;
  }
  log("test: downloading Playwright's Chromium (npx playwright install chromium)…");
  spawnSync(process.execPath, [require.resolve('playwright-core/cli'), 'install', 'chromium'], { stdio: 'inherit' });
  if (playwrightChromium()) return null;
  throw new Error(
    'npm test needs Chromium for the browser suite: install it with `apt-get install chromium` (Debian/Ubuntu, as root) or `npx playwright install chromium`, or set REPOSYNC_CHROMIUM to a Chromium binary.',
  );
}
