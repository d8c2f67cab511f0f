/**
 * A stand-in for the parts of the `electron` module that main/index.ts and preload/index.ts
 * touch, for glue.test.ts: no Electron binary can run here, so this is the only way to run the
 * real bundles. It records what the glue did and lets the test play Chromium's part.
 */
type Fn = (...args: never[]) => unknown;
type AnyFn = (...args: unknown[]) => unknown;

export class FakeEmitter {
  readonly handlers = new Map<string, AnyFn[]>();
  on(event: string, fn: Fn): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn as AnyFn]);
    return this;
  }
  once(event: string, fn: Fn): this {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
}

let nextId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly mainFrame = { url: '', parent: null };
  /** Where `send` delivers: the preload's ipcRenderer listeners in this window. */
  deliver: (channel: string, args: unknown[]) => void = () => {};
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = fn;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
    this.deliver(channel, args);
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export function createFakeElectron(paths: { appData: string }) {
  const state = {
    paths: new Map<string, string>([['appData', paths.appData]]),
    sandboxEnabled: false,
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, AnyFn>(),
    windows: [] as FakeBrowserWindow[],
    permissionRequest: null as AnyFn | null,
    permissionCheck: null as AnyFn | null,
    devicePermission: null as AnyFn | null,
    menuTemplate: null as unknown,
    openedExternally: [] as string[],
    exposed: new Map<string, unknown>(),
    rendererListeners: new Map<string, AnyFn[]>(),
    lockRequestedAfterSetPath: false,
  };
  const app = new (class extends FakeEmitter {
    isPackaged = false;
    getPath(name: string): string {
      const found = state.paths.get(name);
      if (!found) throw new Error(`fake electron: no path ${name}`);
      return found;
    }
    setPath(name: string, value: string): void {
      state.paths.set(name, value);
    }
    getVersion(): string {
      return '45.0.0';
    }
    enableSandbox(): void {
      state.sandboxEnabled = true;
    }
    requestSingleInstanceLock(): boolean {
      state.lockRequestedAfterSetPath = state.paths.has('userData');
      return true;
    }
    quit(): void {}
    whenReady(): Promise<void> {
      return Promise.resolve();
    }
    setAboutPanelOptions(): void {}
    showAboutPanel(): void {}
  })();

  class FakeBrowserWindow extends FakeEmitter {
    readonly webContents = new FakeWebContents();
    shown = false;
    constructor(readonly options: { webPreferences?: { additionalArguments?: string[] } }) {
      super();
      state.windows.push(this);
      this.webContents.deliver = (channel, args) => {
        const ipcEvent = { sender: 'ipcRenderer', senderId: 0, ports: [] };
        for (const fn of state.rendererListeners.get(channel) ?? []) fn(ipcEvent, ...args);
      };
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string): Promise<void> {
      this.webContents.url = url;
      this.webContents.mainFrame.url = url;
    }
    show(): void {
      this.shown = true;
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return [...state.windows];
    }
    static getFocusedWindow(): FakeBrowserWindow | null {
      return state.windows[0] ?? null;
    }
  }

  const session = {
    defaultSession: {
      setPermissionRequestHandler: (fn: AnyFn) => (state.permissionRequest = fn),
      setPermissionCheckHandler: (fn: AnyFn) => (state.permissionCheck = fn),
      setDevicePermissionHandler: (fn: AnyFn) => (state.devicePermission = fn),
    },
  };

  const ipcMain = {
    handle: (channel: string, fn: AnyFn) => {
      if (state.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      state.ipcHandlers.set(channel, fn);
    },
    // electron-store listens for its renderer helper; nothing calls it here.
    on: () => ipcMain,
  };

  /** What a page in `win` gets when it calls ipcRenderer.invoke: Electron's event shape, our handler. */
  const invokeFrom = (win: FakeBrowserWindow, frame: { url: string; parent: object | null }) => async (channel: string, ...args: unknown[]) => {
    const handler = state.ipcHandlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
    return handler({ sender: win.webContents, senderFrame: frame }, ...args);
  };

  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const win = state.windows[0];
      if (!win) throw new Error('no window');
      return invokeFrom(win, win.webContents.mainFrame)(channel, ...args);
    },
    on: (channel: string, fn: AnyFn) => state.rendererListeners.set(channel, [...(state.rendererListeners.get(channel) ?? []), fn]),
    removeListener: (channel: string, fn: AnyFn) =>
      state.rendererListeners.set(channel, (state.rendererListeners.get(channel) ?? []).filter((f) => f !== fn)),
  };

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    ipcRenderer,
    session,
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => state.privileged.push(...list),
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => state.protocolHandlers.set(scheme, fn),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => (state.menuTemplate = menu),
    },
    shell: { openExternal: async (url: string) => void state.openedExternally.push(url) },
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => state.exposed.set(key, api) },
  };
  return { electron, state, invokeFrom };
}
