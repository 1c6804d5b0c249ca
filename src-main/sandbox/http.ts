/** Minimal request/response helpers over node:http, shared by every route. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: IncomingMessage;
  /** Raw body text ('' when none). */
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** JSON value (serialized), a string (sent as is), or undefined for no body. */
  body?: unknown;
}

const MAX_BODY = 20 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload: string | undefined;
  if (reply.body !== undefined && reply.status !== 204 && reply.status !== 304) {
    if (typeof reply.body === 'string') payload = reply.body;
    else {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] ??= 'application/json;charset=UTF-8';
    }
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});

/** Zoho's error body: `{"code","details","message","status":"error"}`. */
export function zohoError(status: number, code: string, message: string, details: Record<string, unknown> = {}): Reply {
  return json(status, { code, details, message, status: 'error' });
}

export function parseJsonBody(req: Req): { ok: true; value: unknown } | { ok: false } {
  if (!req.body.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(req.body) };
  } catch {
    return { ok: false };
  }
}

/** Form-encoded body merged over the query string (Zoho's token endpoint accepts either). */
export function formParams(req: Req): URLSearchParams {
  const params = new URLSearchParams(req.query);
  const type = String(req.headers['content-type'] ?? '');
  if (req.body && !type.includes('application/json')) {
    for (const [k, v] of new URLSearchParams(req.body)) params.set(k, v);
  }
  return params;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function htmlPage(status: number, title: string, message: string): Reply {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    status,
    headers: { 'Content-Type': 'text/html;charset=UTF-8' },
    body: `<!doctype html><html><head><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1><p>${esc(message)}</p></body></html>`,
  };
}
