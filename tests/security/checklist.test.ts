/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), item by item,
 * against what the app really uses: the options openMainWindow() passes to BrowserWindow, the
 * built preload, and the main-process code. The Electron runtime cannot run here, so a stand-in
 * BrowserWindow records the options and a stand-in `electron` module records what the preload
 * exposes; nothing else is faked. scripts/security-check.mjs (electronegativity) checks the same
 * sources independently. Item 15 (a current Electron) is package-lock.json's; item 18 (fuses) is
 * checked in tests/build/packaging-config.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { rendererUrlFrom } from '../../src-main/electron/app-protocol';
import { openMainWindow } from '../../src-main/electron/window-options';
import { contentSecurityPolicy } from '../../src-main/web/static-files';
import { REPO_ROOT } from '../helpers/pulse-process';

/** Stands in for Electron's BrowserWindow: records the options it was made with. */
class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}
const prefs = openMainWindow(RecordingWindow, {
  preload: '/app/out/preload/index.cjs',
  restored: { bounds: { width: 1360, height: 860 }, maximized: false },
  dark: false,
}).options.webPreferences!;
const source = (f: string) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8');
const main = source('src-main/electron/main.ts');
const security = source('src-main/electron/security.ts');

describe("Electron's security checklist", () => {
  it('1, 17. loads only its own bundle, from app:// (not file://, not http)', () => {
    expect(rendererUrlFrom({})).toBe('app://bundle/index.html');
    expect(main).toMatch(/registerAppScheme\(\);[\s\S]*app\.whenReady\(\)/); // privileged before ready
  });

  it('2. no Node.js in the page, its workers or its frames', () => {
    expect(prefs).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('3. context isolation', () => {
    expect(prefs.contextIsolation).toBe(true);
  });

  it('4. the sandbox, for this window and every renderer', () => {
    expect(prefs.sandbox).toBe(true);
    expect(main).toMatch(/app\.enableSandbox\(\);[\s\S]*app\.whenReady\(\)/);
  });

  it('5. every permission request and check is denied', () => {
    expect(security).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    expect(security).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
  });

  it('6, 8, 9, 10. web security on; no insecure content, experimental or extra Blink features', () => {
    expect(prefs).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('7. a strict Content-Security-Policy on every page: no remote or inline script, no eval, no plugins', () => {
    const csp = contentSecurityPolicy('');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(main).toContain("serveBundle(path.join(outDir, 'renderer'), contentSecurityPolicy(''))");
    expect(source('src-renderer/index.html')).toMatch(/http-equiv="Content-Security-Policy"[\s\S]*script-src 'self';/);
  });

  it('11, 12, 13. no webviews, no navigation away from our page, no new windows', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(security).toMatch(/'will-attach-webview', \(event\) => event\.preventDefault\(\)/);
    expect(security).toMatch(/'will-navigate', \(event\) => guard\(event, event\.url\)/);
    expect(security).toMatch(/'will-redirect', \(event\) => guard\(event, event\.url\)/);
    expect(security).toMatch(/setWindowOpenHandler\([\s\S]*return \{ action: 'deny' \}/);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('14. shell.openExternal only behind a URL check', () => {
    // Each call site is directly guarded (navigation-guard.test.ts and sign-in-url.test.ts test the checks).
    const calls = [...main.matchAll(/shell\.openExternal/g), ...security.matchAll(/shell\.openExternal/g)].length;
    expect(calls).toBe(3);
    expect(main).toMatch(/if \(!isSignInUrl\(url\)\) return false;\s*await shell\.openExternal\(url\)/);
    expect(security).toMatch(/if \(d\.openExternal\) void shell\.openExternal\(url\)/);
    expect(security).toMatch(/if \(decideWindowOpen\(url\)\.openExternal\) void shell\.openExternal\(url\)/);
  });

  it('16. IPC: one handler, and it checks the sender first', () => {
    const bridge = source('src-main/electron/ipc-bridge.ts');
    expect(bridge).toMatch(/isTrustedSender\(frame\?\.url, frame === event\.sender\.mainFrame, rendererUrl\)/);
    const handles = fs
      .readdirSync(path.join(REPO_ROOT, 'src-main/electron'))
      .filter((f) => source(`src-main/electron/${f}`).includes('ipcMain.handle('));
    expect(handles).toEqual(['ipc-bridge.ts']);
  });

  it('19. the page gets two functions, nothing of Electron or Node', () => {
    // Runs the built preload with a stand-in `electron` module that records what it exposes.
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke: (...a: unknown[]) => invoked.push(a), on: () => {}, removeListener: () => {} },
    };
    const code = source('out/preload/index.cjs');
    new Function('require', 'module', 'exports', code)(
      (m: string) =>
        m === 'electron'
          ? electron
          : (() => {
              throw new Error(`the preload required ${m}`);
            })(),
      { exports: {} },
      {},
    );
    expect(Object.keys(exposed)).toEqual(['pulse']);
    const api = exposed.pulse as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual(['call', 'onEvent']);
    api.call('settings.get', {});
    expect(invoked).toEqual([['pulse:call', 'settings.get', {}]]);
  });
});
