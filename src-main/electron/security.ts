import { app, session, shell } from 'electron';
import { contentSecurityPolicy } from '../web/static-files';
import { decideNavigation, decideWindowOpen } from './navigation-guard';

/**
 * App-wide hardening from Electron's security checklist: a strict CSP on http(s) responses (the
 * development server; app:// files carry it themselves), no permission grants, no navigation away
 * from our page, no new windows (https Zoho links open in the system browser after
 * navigation-guard.ts checked them), no webviews.
 */
export function hardenApp(rendererUrl: string): void {
  const csp = contentSecurityPolicy('');
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    const guard = (event: { preventDefault(): void }, url: string) => {
      const d = decideNavigation(url, rendererUrl);
      if (d.allow) return;
      event.preventDefault();
      if (d.openExternal) void shell.openExternal(url);
    };
    contents.on('will-navigate', (event) => guard(event, event.url));
    contents.on('will-redirect', (event) => guard(event, event.url));
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (decideWindowOpen(url).openExternal) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
