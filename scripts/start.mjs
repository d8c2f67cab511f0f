// `npm start`: the desktop app where Electron's binary exists, the browser host where it does not.
// Never downloads Electron itself: on a closed network that would hang or spam, and
// `npx install-electron` is the one command for it where the network allows.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const built = {
  main: path.join(root, 'dist/main/index.cjs'),
  host: path.join(root, 'dist/host/index.mjs'),
  renderer: path.join(root, 'dist/renderer/index.html'),
};
const sources = {
  main: path.join(root, 'electron/main/index.ts'),
  host: path.join(root, 'electron/host/index.ts'),
  renderer: path.join(root, 'renderer/index.html'),
};

function ensureBuild() {
  // An output whose source does not exist cannot be built; do not rebuild on every start for it.
  const missing = Object.keys(built).filter((name) => !fs.existsSync(built[name]) && fs.existsSync(sources[name]));
  if (missing.length === 0) return;
  console.log(`Building Reposync first (missing: ${missing.join(', ')})…`);
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

/** Run a child with our stdio, pass signals on, and leave with its exit code. */
function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  // A terminal's Ctrl-C reaches the child directly too; the host and Electron both take a repeat calmly.
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));
  child.on('error', (err) => {
    console.error(`Could not start ${path.basename(command)}: ${err.message}`);
    process.exit(1);
  });
  // Our own signal handlers stay installed, so re-raising the child's signal would not end us: use the shell's code.
  child.on('exit', (code, signal) => process.exit(signal ? 128 + (os.constants.signals[signal] ?? 1) : (code ?? 1)));
}

ensureBuild();
const electron = findElectronBinary();
if (electron.found) {
  if (!fs.existsSync(built.main)) {
    console.error(`Electron is available but ${path.relative(root, built.main)} was not built; run \`npm run build\`.`);
    process.exit(1);
  }
  // A leftover ELECTRON_RUN_AS_NODE (set by some tools) would start Electron as plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron.path, [built.main, ...args], env);
} else {
  if (!fs.existsSync(built.host)) {
    console.error(`The browser host was not built (${path.relative(root, built.host)}); run \`npm run build\`.`);
    process.exit(1);
  }
  console.log(
    `Electron is not available here (${electron.reason}); starting the browser host instead — open the URL below. ` +
      '(`npx install-electron` fetches Electron where the network allows.)',
  );
  run(process.execPath, [built.host, ...args]);
}
