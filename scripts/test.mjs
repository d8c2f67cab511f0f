// `npm test`: everything, in the order that fails fastest — build, type check, unit and
// integration tests (vitest), then the end-to-end suites (Playwright) — and one closing line
// `N passed, M failed, K skipped` over all of them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-browser.mjs';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function step(title) {
  process.stdout.write(`\n=== ${title}\n`);
}

step('build');
if (run(process.execPath, ['scripts/build.mjs']) !== 0) problems.push('build failed');

step('type check');
if (run('npm', ['run', '--silent', 'typecheck']) !== 0) problems.push('type check failed');

step('Electron security lint (electronegativity)');
if (run(process.execPath, ['scripts/electronegativity.mjs']) !== 0) problems.push('electronegativity: HIGH findings or unparsed files');

step('unit and integration tests (vitest)');
const vitestJson = path.join(results, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (fs.existsSync(vitestJson)) {
  const v = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests;
  totals.skipped += v.numPendingTests + v.numTodoTests;
  if (v.numFailedTestSuites > 0 && v.numFailedTests === 0) problems.push(`${v.numFailedTestSuites} test file(s) failed to load`);
} else problems.push('vitest produced no results');

step('end-to-end tests (Playwright)');
let chromium;
try {
  chromium = ensureChromium();
} catch (err) {
  problems.push(err.message);
  chromium = undefined;
}
if (chromium !== undefined) {
  const pwJson = path.join(results, 'playwright-results.json');
  fs.rmSync(pwJson, { force: true });
  const electron = findElectronBinary();
  if (!electron.found) process.stdout.write(`electron suite: skipped — Electron binary not available on this machine (${electron.reason})\n`);
  run(bin('playwright'), ['test'], chromium ? { REPOSYNC_CHROMIUM: chromium } : {});
  if (fs.existsSync(pwJson)) {
    const s = JSON.parse(fs.readFileSync(pwJson, 'utf8')).stats;
    totals.passed += s.expected + (s.flaky ?? 0);
    totals.failed += s.unexpected;
    totals.skipped += s.skipped;
  } else problems.push('Playwright produced no results');
}

process.stdout.write('\n');
for (const p of problems) process.stdout.write(`problem: ${p}\n`);
if (problems.length > 0 && totals.failed === 0) totals.failed = problems.length;
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed > 0 || problems.length > 0 ? 1 : 0);
