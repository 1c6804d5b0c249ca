import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The Content-Type for a file of the built renderer (the web host and the desktop app's app://). */
export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/**
 * The same Content-Security-Policy the Electron window uses, plus the loopback WebSocket the
 * browser host needs. No remote scripts, no eval, no inline scripts.
 */
export function contentSecurityPolicy(wsOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${wsOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A short plain-text answer that also closes the connection: a client that sent garbage gets no second turn. */
export function refuse(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', ...headers }).end(text);
}

/**
 * The file a request path names inside `rootDir`, or why there is none. Any page on the web can
 * make the browser request this host (an <img> tag), so nothing here may throw: a malformed
 * percent-encoding or URL is a 400, a path outside the folder or a missing file a 404.
 */
export function resolveStaticPath(rootDir: string, rawUrl: string): { file: string } | { status: 400 | 404 } {
  let rel: string;
  try {
    const url = new URL(rawUrl, 'http://localhost');
    rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return { status: 400 };
  }
  if (rel.includes('\0')) return { status: 400 };
  const root = path.resolve(rootDir);
  const file = path.resolve(root, '.' + rel);
  if (!file.startsWith(root + path.sep)) return { status: 404 };
  try {
    return fs.statSync(file).isFile() ? { file } : { status: 404 };
  } catch {
    return { status: 404 };
  }
}

/** Serves files from the built renderer folder (GET and HEAD only); see resolveStaticPath. */
export function serveStatic(rootDir: string, req: IncomingMessage, res: ServerResponse, csp: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return refuse(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
  const found = resolveStaticPath(rootDir, req.url ?? '/');
  if ('status' in found) return refuse(res, found.status, found.status === 400 ? 'Bad request' : 'Not found');
  res.writeHead(200, {
    'content-type': contentTypeFor(found.file),
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline() handles both sides: a file that vanished after the stat, or a client that went away.
  pipeline(fs.createReadStream(found.file), res, () => undefined);
}
