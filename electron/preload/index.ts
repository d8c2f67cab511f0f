// Bundled as CommonJS (scripts/build.mjs): sandboxed preloads cannot load ES modules.
// Everything that decides lives in bridge.ts; this file only wires it to Electron.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, decodeBridgeNames } from '../../shared/bridge';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer, decodeBridgeNames(process.argv)));
