/**
 * The renderer is served from `app://bundle/…` instead of `file://` (Electron's security
 * checklist: file:// pages get broad file access and one shared origin). This part maps a request
 * URL to a file of the built renderer and refuses anything else; app-protocol-handler.ts registers
 * it with Electron. Free of `electron` imports: tests run it in plain Node.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The file for an app:// request inside `rendererDir`, or null (wrong host, a path leaving the folder). */
export function resolveAppFile(requestUrl: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname === '/' || u.pathname === '' ? '/index.html' : u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, '.' + rel);
  return file.startsWith(root + path.sep) ? file : null;
}

/** What the window loads: the electron-vite dev server in development, else our bundle on app://. */
export function rendererUrlFrom(env: NodeJS.ProcessEnv): string {
  return env.ELECTRON_RENDERER_URL || APP_ENTRY_URL;
}
