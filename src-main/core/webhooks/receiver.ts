import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BULK_KEY_PARAM, bulkJobCallbackSchema, notificationSchema, type AcceptedEvent } from './payload';
import { SourceRateLimit } from './rate-limit';
import { ReplayGuard } from './replay-guard';
import { tokensMatch } from './token-check';

/** Zoho's callbacks are small (ids, field names); a body past this is not one of them. */
export const MAX_BODY_BYTES = 256 * 1024;

export type RefusalReason =
  | 'method'
  | 'rate'
  | 'too_large'
  | 'malformed'
  | 'unknown_channel'
  | 'bad_token'
  | 'stale'
  | 'replayed'
  | 'unavailable';

export interface ReceiverOptions {
  host: string;
  port: number;
  /** Our channel and token right now (read per request: a renewal or a new setup changes them). */
  credentials: () => { channelId: string; token: string } | null;
  onAccepted: (e: AcceptedEvent) => void;
  onRefused?: (reason: RefusalReason, status: number) => void;
  /** The key a Bulk Read job's callback URL carries (derived from the token), or null when none is valid. */
  bulkKey?: () => string | null;
  /** A Bulk Read job's callback passed its key check. */
  onBulkJob?: (job: { jobId: string; state: string }) => void;
  rateLimit?: SourceRateLimit;
  replay?: ReplayGuard;
}

/**
 * The instant-updates receiver: a plain node:http server on the address the user chose
 * (127.0.0.1 by default), reached by Zoho through the user's public URL. It accepts only a POST of
 * Zoho's notification JSON for our channel with our token (constant-time check), not replayed and
 * not stale; everything else is refused with its status and changes nothing. It never logs or
 * echoes the token. Any path is accepted, since proxies and tunnels rewrite paths differently.
 */
export class WebhookReceiver {
  private server: Server | null = null;
  private readonly limiter: SourceRateLimit;
  private readonly replay: ReplayGuard;

  constructor(private readonly opts: ReceiverOptions) {
    this.limiter = opts.rateLimit ?? new SourceRateLimit();
    this.replay = opts.replay ?? new ReplayGuard();
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** The bound address (port 0 picks a free one). */
  get address(): { host: string; port: number } | null {
    const a = this.server?.address() as AddressInfo | null | undefined;
    return a ? { host: a.address, port: a.port } : null;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => this.handle(req, res));
    server.requestTimeout = 15_000;
    server.headersTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private refuse(res: ServerResponse, status: number, reason: RefusalReason, headers: Record<string, string> = {}) {
    this.opts.onRefused?.(reason, status);
    const body = JSON.stringify({ status: 'error', code: reason });
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') {
      req.resume();
      return this.refuse(res, 405, 'method', { Allow: 'POST' });
    }
    if (!this.limiter.take(req.socket.remoteAddress ?? 'unknown')) {
      req.resume();
      return this.refuse(res, 429, 'rate', { 'Retry-After': String(this.limiter.retryAfterSeconds()) });
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      res.setHeader('Connection', 'close');
      this.refuse(res, 413, 'too_large');
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        res.setHeader('Connection', 'close');
        this.refuse(res, 413, 'too_large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      this.judge(Buffer.concat(chunks).toString('utf8'), req.url ?? '/', res);
    });
    req.on('error', () => {
      done = true;
    });
  }

  /** The checks on a complete body, in order: shape, channel, token, freshness. */
  private judge(text: string, url: string, res: ServerResponse): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.refuse(res, 400, 'malformed');
    }
    const bulkKey = new URL(url, 'http://receiver').searchParams.get(BULK_KEY_PARAM);
    if (bulkKey !== null) return this.judgeBulkJob(raw, bulkKey, res);
    const parsed = notificationSchema.safeParse(raw);
    if (!parsed.success) return this.refuse(res, 400, 'malformed');
    const n = parsed.data;
    const ours = this.opts.credentials();
    if (!ours || n.channel_id !== ours.channelId) return this.refuse(res, 404, 'unknown_channel');
    if (!tokensMatch(n.token, ours.token)) return this.refuse(res, 401, 'bad_token');
    const verdict = this.replay.check(n);
    if (verdict !== 'fresh') return this.refuse(res, 409, verdict === 'stale' ? 'stale' : 'replayed');
    try {
      this.opts.onAccepted({
        at: new Date(),
        operation: n.pulse_test ? 'test' : n.operation,
        ids: n.pulse_test ? [] : n.ids,
        nonce: n.pulse_test ?? null,
      });
    } catch {
      // Recording failed (the store is closing): Zoho will retry, the delta covers the rest.
      return this.refuse(res, 503, 'unavailable');
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"status":"success"}');
  }

  /**
   * A Bulk Read job's callback: no token in the body, so the key in the URL is the proof (compared
   * in constant time). A replay only makes the job be looked at early — the job's state is read
   * again through the API — so no replay check.
   */
  private judgeBulkJob(raw: unknown, key: string, res: ServerResponse): void {
    const parsed = bulkJobCallbackSchema.safeParse(raw);
    if (!parsed.success) return this.refuse(res, 400, 'malformed');
    const expected = this.opts.bulkKey?.() ?? null;
    if (!expected) return this.refuse(res, 404, 'unknown_channel');
    if (!tokensMatch(key, expected)) return this.refuse(res, 401, 'bad_token');
    this.opts.onBulkJob?.(parsed.data);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"status":"success"}');
  }
}
