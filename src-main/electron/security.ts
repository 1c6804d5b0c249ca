import { app, session, shell } from 'electron';
import { contentSecurityPolicy } from '../web/static-files';

/** Only these links may leave the app, and only to the system browser. */
function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'https:' &&
      (u.hostname.endsWith('.zoho.com') ||
        u.hostname.endsWith('.zoho.in') ||
        u.hostname.endsWith('.zoho.eu') ||
        u.hostname.endsWith('zohocloud.ca') ||
        /\.zoho\.(com\.au|jp|com\.cn|sa)$/.test(u.hostname))
    );
  } catch {
    return false;
  }
}

/**
 * App-wide hardening from Electron's security checklist: a strict CSP on every response, no
 * permission grants, no navigation away from the bundle, no new windows (https Zoho links open in
 * the system browser after a URL check), no webviews.
 */
export function hardenApp(): void {
  const csp = contentSecurityPolicy('');
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
