import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeFor } from '../web/static-files';
import { APP_SCHEME, resolveAppFile } from './app-protocol';

/**
 * app:// as a standard, secure scheme (so the page has a real origin, fetch and the CSP work as on
 * https). Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer on app://bundle/ with the app's Content-Security-Policy on every file. */
export function serveBundle(rendererDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentTypeFor(file),
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
