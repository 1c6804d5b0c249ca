import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions } from 'ws';
import type { CoreEndpoint } from '../core/core';
import { attachApiSocket, CLOSE_GRACE_MS, MAX_FRAME_BYTES } from './api-socket';
import { contentSecurityPolicy, refuse, serveStatic } from './static-files';

export interface WebHostOptions {
  /** The core, or the workspace session in front of it. */
  core: CoreEndpoint;
  /** Folder holding the built renderer (index.html + assets). */
  rendererDir: string;
  port?: number;
}

export interface WebHost {
  /** The URL to open, including the per-launch token. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export class RendererNotBuiltError extends Error {
  override name = 'RendererNotBuiltError';
  constructor(dir: string) {
    super(`The renderer is not built (no ${path.join(dir, 'index.html')}). Run \`npm run build\` first.`);
  }
}

export class PortUnavailableError extends Error {
  override name = 'PortUnavailableError';
  constructor(port: number, code: string) {
    super(
      code === 'EADDRINUSE'
        ? `Port ${port} on 127.0.0.1 is already in use. Choose another with --port, or leave --port out to use a free one.`
        : `Port ${port} needs privileges this user does not have. Use a port above 1023, or leave --port out.`,
    );
  }
}

/**
 * The browser host: serves the built renderer and bridges the API contract over a WebSocket.
 * Binds 127.0.0.1 only, and the socket requires a random per-launch token (in the page URL), so
 * other local users' pages and other origins cannot drive the app.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  if (!fs.existsSync(path.join(opts.rendererDir, 'index.html'))) throw new RendererNotBuiltError(opts.rendererDir);
  const token = crypto.randomBytes(24).toString('base64url');
  const server = http.createServer();
  // A loopback page loads in milliseconds: a client that dribbles its headers is cut off early.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // closeTimeout (ws ≥ 8.19, not yet in @types/ws): a socket that broke the protocol is dropped
  // after CLOSE_GRACE_MS instead of ws's default 30 s if it never answers our close frame.
  const wssOptions = { noServer: true, maxPayload: MAX_FRAME_BYTES, closeTimeout: CLOSE_GRACE_MS };
  const wss = new WebSocketServer(wssOptions as ServerOptions);
  let csp = '';

  server.on('request', (req, res) => {
    try {
      serveStatic(opts.rendererDir, req, res, csp);
    } catch {
      refuse(res, 500, 'Internal error');
    }
  });
  // Unparseable requests, oversized headers, resets mid-request: answer when the socket can still
  // take it, then drop it. Never let it become an uncaught 'error'.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`, () => socket.destroy());
  });
  server.on('upgrade', (req, socket, head) => {
    // From here the socket is ours until ws takes it: a reset must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    if (!upgradeAllowed(req, token, port)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', () => socket.destroy());
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachApiSocket(ws, opts.core));
  });
  wss.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' || e.code === 'EACCES' ? new PortUnavailableError(opts.port ?? 0, e.code) : e),
    );
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  // Past startup, a server error (EMFILE on accept, …) must not end the app.
  server.on('error', () => undefined);
  const port = (server.address() as AddressInfo).port;
  csp = contentSecurityPolicy(`ws://127.0.0.1:${port}`);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      // A browser keeps idle keep-alive connections open for minutes; close() alone would wait
      // for them, so `pulse web` would hang on Ctrl+C while a tab is still open.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Only `/api` with the per-launch token, from our own page's origin (or a non-browser client). */
function upgradeAllowed(req: http.IncomingMessage, token: string, port: number): boolean {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return false;
  }
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  const okToken = given.length === expected.length && crypto.timingSafeEqual(given, expected);
  const origin = req.headers.origin;
  const okOrigin = !origin || origin === `http://127.0.0.1:${port}`;
  return url.pathname === '/api' && okToken && okOrigin;
}
