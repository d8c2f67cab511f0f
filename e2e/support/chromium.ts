import fs from 'node:fs';

/**
 * Which Chromium the browser suite drives: REPOSYNC_CHROMIUM, else Debian's /usr/bin/chromium,
 * else Playwright's own download (undefined lets Playwright find it).
 */
export function chromiumPath(): string | undefined {
  const wanted = process.env.REPOSYNC_CHROMIUM;
  if (wanted) return wanted;
  return fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

// As root on a closed network: no sandbox, and no background traffic that would be refused.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
