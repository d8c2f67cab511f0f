import { defineConfig } from '@playwright/test';
import { chromiumPath, chromiumArgs } from './e2e/support/chromium';

// Two suites: the browser suite drives the real UI through the headless host in Chromium
// (runs everywhere); the electron suite drives the real app with _electron and skips, with
// its reason, where no Electron binary can be had.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright-results.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: 'browser',
      testDir: 'e2e/browser',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
      },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
});
