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
  /** JSON value (serialized), a string or bytes (sent as is), or undefined for no body. */
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
  let payload: string | Uint8Array | undefined;
  if (reply.body !== undefined && reply.status !== 204 && reply.status !== 304) {
    if (typeof reply.body === 'string' || reply.body instanceof Uint8Array) payload = reply.body;
    else {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] ??= 'application/json;charset=UTF-8';
    }
  }
  if (payload !== undefined)
    headers['Content-Length'] = String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength);
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

/**
 * The query string with the body's form fields over it. Zoho's token endpoint accepts its
 * parameters in any of the three: query string, urlencoded form, or multipart/form-data (what
 * Zoho's own TypeScript SDK sends). Multipart is read with the platform's own parser (undici's
 * `Response.formData()`); an unreadable multipart body counts as no body.
 */
export async function formParams(req: Req): Promise<URLSearchParams> {
  const params = new URLSearchParams(req.query);
  const type = String(req.headers['content-type'] ?? '');
  if (!req.body || type.includes('application/json')) return params;
  if (/^multipart\/form-data/i.test(type)) {
    try {
      const form = await new Response(req.body, { headers: { 'content-type': type } }).formData();
      for (const [k, v] of form) if (typeof v === 'string') params.set(k, v);
    } catch {
      // Not valid multipart: the query string alone decides.
    }
    return params;
  }
  for (const [k, v] of new URLSearchParams(req.body)) params.set(k, v);
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
