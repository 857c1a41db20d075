/**
 * Electron host: one window on the app:// protocol, the backend behind IPC. Kept thin: the
 * backend, static-file guard and window-state logic live in their own modules.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  screen,
  session,
  type IpcMainInvokeEvent,
} from 'electron';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appPaths } from './app-paths.ts';
import { ApiError } from './backend/api-error.ts';
import { openBackend, type ServedBackend } from './backend/opening-backend.ts';
import { demoMaker } from './backend/demo-data.ts';
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveStaticPath } from './static-files.ts';
import { loadWindowState, saveWindowState } from './window-state.ts';

const APP_ORIGIN = 'app://gezhi';
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

const paths = appPaths(app.getAppPath());
let backend: ServedBackend | null = null;

function serveApp(): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'gezhi' ? resolveStaticPath(paths.renderer, url.pathname) : null;
    if (!file) return new Response('Bad path', { status: 400 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: { 'Content-Type': contentTypeOf(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** Only our own top frame on app://gezhi may call the backend. */
function fromTrustedFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!frame && frame.parent === null && new URL(frame.url).origin === APP_ORIGIN;
}

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (e, url) => {
      if (new URL(url).origin !== APP_ORIGIN) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
}

function createWindow(): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...state,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#050b18',
    title: 'GeZhi 格治',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const remember = (): void =>
    saveWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  win.on('close', remember);
  const unsubscribe = backend?.onEvent((e) => win.webContents.send('gezhi:event', e));
  win.on('closed', () => unsubscribe?.());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(() => {
  lockDown();
  serveApp();
  // The window loads while the data file is read (opening-backend.ts).
  backend = openBackend({
    dataFile: join(app.getPath('userData'), 'gezhi.gpkg'),
    host: 'electron',
    version: app.getVersion(),
    makeDemo: demoMaker(paths.data, 'nansha'),
    dataDir: paths.data,
  });
  ipcMain.handle('gezhi:invoke', (event, method: unknown, params: unknown) => {
    if (!fromTrustedFrame(event))
      return { ok: false, error: { code: 'bad_request', message: 'Untrusted sender' } };
    return backend!.invoke(method, params);
  });
  ipcMain.handle('gezhi:transfer-upload', (event, name: unknown, bytes: unknown) => {
    if (!fromTrustedFrame(event) || typeof name !== 'string' || !(bytes instanceof ArrayBuffer))
      return { ok: false, error: { code: 'bad_request', message: 'Untrusted sender or bad upload' } };
    try {
      return { ok: true, value: backend!.transfer.putUpload(name.slice(0, 200), new Uint8Array(bytes)) };
    } catch (e) {
      return {
        ok: false,
        error: e instanceof ApiError ? e.toBody() : { code: 'internal', message: String(e) },
      };
    }
  });
  ipcMain.handle('gezhi:transfer-save', async (event, id: unknown) => {
    const d = fromTrustedFrame(event) && typeof id === 'string' ? backend!.transfer.download(id) : null;
    if (!d) return { saved: false };
    const win = BrowserWindow.fromWebContents(event.sender);
    const choice = win
      ? await dialog.showSaveDialog(win, { defaultPath: d.fileName })
      : await dialog.showSaveDialog({ defaultPath: d.fileName });
    if (choice.canceled || !choice.filePath) return { saved: false };
    await writeFile(choice.filePath, d.bytes);
    return { saved: true, path: choice.filePath };
  });
  createWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
});

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !backend) return;
  // Fold the log into the data file before leaving, so the file opens as it is in GIS tools.
  e.preventDefault();
  quitting = true;
  void backend.close().finally(() => app.quit());
});
app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit());
