import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientFrame, ServerFrame } from '../../src-shared/contract/transport';
import type { CoreEndpoint } from '../core/core';
import { contentSecurityPolicy, serveStatic } from './static-files';

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

/**
 * The browser host: serves the built renderer and bridges the API contract over a WebSocket.
 * Binds 127.0.0.1 only, and the socket requires a random per-launch token (in the page URL), so
 * other local users' pages and other origins cannot drive the app.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  if (!fs.existsSync(path.join(opts.rendererDir, 'index.html'))) throw new RendererNotBuiltError(opts.rendererDir);
  const token = crypto.randomBytes(24).toString('base64url');
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let csp = '';

  server.on('request', (req, res) => serveStatic(opts.rendererDir, req, res, csp));
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const expected = Buffer.from(token);
    const okToken = given.length === expected.length && crypto.timingSafeEqual(given, expected);
    const origin = req.headers.origin;
    const okOrigin = !origin || origin === `http://127.0.0.1:${port}`;
    if (url.pathname !== '/api' || !okToken || !okOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket) {
    const send = (frame: ServerFrame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame));
    const unsubscribe = opts.core.subscribe((name, payload) => send({ type: 'event', name, payload }));
    ws.on('close', unsubscribe);
    ws.on('message', async (data) => {
      let frame: ClientFrame;
      try {
        frame = JSON.parse(String(data)) as ClientFrame;
        if (frame?.type !== 'call' || typeof frame.id !== 'number' || typeof frame.name !== 'string') throw new Error();
      } catch {
        ws.close(1003, 'malformed frame');
        return;
      }
      const outcome = await opts.core.dispatch(frame.name, frame.args);
      send({ type: 'result', id: frame.id, ...outcome });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
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
