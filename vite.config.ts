import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

// The renderer is a plain web app: it imports only shared/ and its own code, and is served
// by the custom app:// protocol in Electron and by the headless host in a browser.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  // Absolute asset paths: deep links reloaded under app://reposync/a/b or the host still find /assets.
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
});
