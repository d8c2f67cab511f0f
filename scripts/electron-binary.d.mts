// Types for electron-binary.mjs, so TypeScript callers (the _electron e2e suite) can import it.
export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };
export function findElectronBinary(env?: NodeJS.ProcessEnv): ElectronBinary;
