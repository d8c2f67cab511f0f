#!/usr/bin/env node
// The `reposync` command. The CLI is prebuilt (npm's `prepare` runs the build): dist/cli/index.mjs
// holds argv parsing and help; the engine's chunks load only when a command needs them.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/index.mjs', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('reposync: the CLI is not built yet; run `npm run build` in the Reposync folder.\n');
  process.exit(2);
}
await import(pathToFileURL(entry).href);
