/**
 * The sandbox server: one node:http server answering Zoho Accounts (`/oauth/v2/*`), the CRM API
 * (`/crm/v8/*`) and the control API (`/__sandbox/*`) on the same origin, so the base URL is both
 * the accounts server and the `api_domain`. Every `/crm/` call goes through the same pipeline:
 * fault injection → authentication → concurrency slot → credits → latency → handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BulkReads, type BulkReadOptions } from './bulk-read';
import { handleControl } from './control';
import { newControlSecret, refuseControl } from './control-auth';
import { Crm } from './crm';
import { FaultInjector, parseFaults } from './faults';
import { generateDeals } from './generator';
import { formParams, readBody, send, sleep, zohoError, type Reply, type Req } from './http';
import { DAILY_CREDITS_BY_EDITION, Limits, isEdition, tooManyRequests } from './limits';
import { Notifier } from './notifications';
import {
  DEFAULT_SCOPE,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  OAuthServer,
  SELF_CLIENT_ID,
  SELF_CLIENT_SECRET,
} from './oauth';
import { loadSnapshot, Saver, type Snapshot } from './persistence';
import { resolveRoute } from './router';
import { DealStore } from './store';
import type { DealRecord, Edition, FaultKind, FaultProfile, SandboxStats } from './types';

export interface CoreOptions {
  port: number;
  host: string;
  deals: number;
  seed: number;
  latencyMs: number;
  jitterMs: number;
  faults?: string | FaultProfile;
  edition: Edition;
  dataFile?: string;
  accessTokenTtlSec: number;
  accountLanguage?: string;
  dailyCredits?: number;
  /** Delays between a failed notification callback and its retries (ms). */
  notifyRetryDelaysMs?: number[];
  now?: () => Date;
  /** The control API's per-launch secret (control-auth.ts); default a random one. */
  controlSecret?: string;
  bulk?: Partial<BulkReadOptions>;
}

export class SandboxCore {
  baseUrl = '';
  readonly controlSecret: string;
  clockOffsetMs = 0;
  readonly crm: Crm;
  readonly oauth: OAuthServer;
  readonly notifier: Notifier;
  readonly limits: Limits;
  readonly faults: FaultInjector;
  readonly bulk: BulkReads;
  private readonly server: Server;
  private readonly saver: Saver | null = null;
  private readonly seed: number;
  private readonly hung = new Set<ServerResponse>();
  private counters = freshCounters();
  private latencyRng = 0x9e3779b9;

  constructor(private readonly opts: CoreOptions) {
    this.controlSecret = opts.controlSecret || newControlSecret();
    const clock = opts.now ?? (() => new Date());
    this.now = () => clock().getTime() + this.clockOffsetMs;
    const snapshot = opts.dataFile ? loadSnapshot(opts.dataFile) : null;
    this.seed = snapshot?.seed ?? opts.seed;
    const store = snapshot
      ? new DealStore(snapshot.deals, snapshot.nextSeq, snapshot.deleted)
      : new DealStore(generateDeals({ count: opts.deals, seed: opts.seed, nowMs: this.now() }), opts.deals + 1);
    const baseUrl = () => this.baseUrl;
    this.notifier = new Notifier({
      now: this.now,
      baseUrl,
      retryDelaysMs: opts.notifyRetryDelaysMs,
      onAttempt: (outcome) => {
        if (outcome === 'sent') this.counters.notificationsSent++;
        else if (outcome === 'failed') this.counters.notificationsFailed++;
        else this.counters.notificationsRetried++;
      },
    });
    this.crm = new Crm(store, this.notifier, this.now, this.seed);
    this.oauth = new OAuthServer({
      now: this.now,
      baseUrl,
      accessTokenTtlSec: opts.accessTokenTtlSec,
      accountLanguage: opts.accountLanguage,
      onAccessTokenIssued: (viaRefresh) => {
        this.counters.accessTokensIssued++;
        if (viaRefresh) this.counters.tokenRefreshes++;
      },
    });
    this.limits = new Limits(opts.edition, this.now, opts.dailyCredits ?? DAILY_CREDITS_BY_EDITION[opts.edition]);
    this.faults = new FaultInjector(parseFaults(opts.faults));
    this.bulk = new BulkReads(this.crm, this.now, opts.bulk);
    if (opts.dataFile) {
      const file = opts.dataFile;
      this.saver = new Saver(file, () => this.snapshot());
      store.onChange = () => this.saver?.schedule();
      if (!snapshot) void this.saver.flush();
    }
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
  }

  readonly now: () => number;

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    const host = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    this.baseUrl = `http://${host}:${port}`;
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.bulk.close();
    this.notifier.close();
    await this.notifier.drain();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    if (this.saver) await this.saver.flush();
  }

  private snapshot(): Snapshot {
    return {
      version: 1,
      seed: this.seed,
      nextSeq: this.crm.store.sequence,
      deals: this.crm.store.all(),
      deleted: this.crm.store.deleted,
    };
  }

  // ── in-process API (mirrored by the control routes) ─────────────────────────
  dumpDeals(): DealRecord[] {
    return this.crm.store.all().map((d) => structuredClone(d));
  }

  getDeal(id: string): DealRecord | undefined {
    const e = this.crm.store.get(id);
    return e ? structuredClone(e.rec) : undefined;
  }

  createDeal(fields: Record<string, unknown>): DealRecord {
    const r = this.crm.create(fields);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details)}`);
    return structuredClone(r.rec);
  }

  editDeal(id: string, changes: Record<string, unknown>): DealRecord {
    const r = this.crm.update(id, changes);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details)}`);
    return structuredClone(r.rec);
  }

  deleteDeal(id: string, permanent = false): void {
    if (!this.crm.remove(id, true, permanent)) throw new Error(`no deal ${id}`);
  }

  setFaults(p: FaultProfile | string | null): void {
    this.faults.set(parseFaults(p));
  }

  expireAccessTokens(): void {
    this.oauth.expireAccessTokens();
  }

  advanceClock(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error('advance_ms must be a number');
    this.clockOffsetMs += ms;
  }

  setLimits(input: Record<string, unknown>): void {
    if (typeof input.edition === 'string') {
      if (!isEdition(input.edition)) throw new Error(`unknown edition ${input.edition}`);
      this.limits.setEdition(input.edition);
    }
    if (typeof input.daily_credits === 'number') this.limits.dailyCredits = input.daily_credits;
    if (typeof input.concurrency === 'number') this.limits.concurrency = input.concurrency;
    if (typeof input.sub_concurrency === 'number') this.limits.subConcurrency = input.sub_concurrency;
    if (input.reset_credits === true) this.limits.resetCredits();
  }

  /** Bulk Read knobs: `{fail_next, damage_next, delay_ms, per_file, downloads_per_window, download_window_ms}`. */
  setBulk(input: Record<string, unknown>): void {
    const n = (k: string) => (typeof input[k] === 'number' && Number.isFinite(input[k]) ? (input[k] as number) : null);
    const o = this.bulk.options;
    if (n('fail_next') !== null) this.bulk.failNext = n('fail_next')!;
    if (n('damage_next') !== null) this.bulk.damageNext = n('damage_next')!;
    if (n('fail_page') !== null) this.bulk.failPage = n('fail_page')!;
    if (n('cut_next_downloads') !== null) this.bulk.cutNextDownloads = n('cut_next_downloads')!;
    if (n('delay_ms') !== null) o.delayMs = n('delay_ms')!;
    if (n('per_file') !== null) o.perFile = n('per_file')!;
    if (n('downloads_per_window') !== null) o.downloadsPerWindow = n('downloads_per_window')!;
    if (n('download_window_ms') !== null) o.downloadWindowMs = n('download_window_ms')!;
  }

  demoCredentials() {
    return {
      client_id: DEMO_CLIENT_ID,
      client_secret: DEMO_CLIENT_SECRET,
      accounts_url: this.baseUrl,
      api_domain: this.baseUrl,
    };
  }

  credentials(scope = DEFAULT_SCOPE) {
    return { ...this.demoCredentials(), refresh_token: this.oauth.issueRefreshToken(scope) };
  }

  selfClientCode(scope = DEFAULT_SCOPE) {
    return {
      client_id: SELF_CLIENT_ID,
      client_secret: SELF_CLIENT_SECRET,
      code: this.oauth.issueSelfClientCode(scope),
      accounts_url: this.baseUrl,
    };
  }

  stats(): SandboxStats {
    const c = this.counters;
    return {
      calls: { ...c.calls },
      totalApiCalls: c.totalApiCalls,
      creditsUsed: this.limits.creditsUsed,
      dailyCreditLimit: this.limits.dailyCredits,
      tooManyRequests: c.tooManyRequests,
      faultsInjected: c.faultsInjected,
      faultsByKind: { ...c.faultsByKind },
      tokenRefreshes: c.tokenRefreshes,
      accessTokensIssued: c.accessTokensIssued,
      notificationsSent: c.notificationsSent,
      notificationsFailed: c.notificationsFailed,
      notificationsRetried: c.notificationsRetried,
      inFlight: this.limits.inFlight,
      maxInFlight: this.limits.maxInFlight,
      concurrencyLimit: this.limits.concurrency,
      heavyInFlight: this.limits.heavyInFlight,
      maxHeavyInFlight: this.limits.maxHeavyInFlight,
      subConcurrencyLimit: this.limits.subConcurrency,
      edition: this.limits.edition,
    };
  }

  resetStats(): void {
    this.counters = freshCounters();
    this.limits.resetCredits();
    this.limits.maxInFlight = this.limits.inFlight;
    this.limits.maxHeavyInFlight = this.limits.heavyInFlight;
  }

  // ── HTTP pipeline ───────────────────────────────────────────────────────────
  private async handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(raw.url ?? '/', 'http://sandbox.local');
      const req: Req = {
        method: (raw.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: raw.headers,
        raw,
        body: await readBody(raw),
      };
      if (req.path === '/__sandbox' || req.path.startsWith('/__sandbox/'))
        return send(res, refuseControl(req, this.controlSecret) ?? handleControl(this, req));
      if (req.path.startsWith('/oauth/v2/')) return send(res, await this.handleOAuth(req));
      if (req.path.startsWith('/crm/')) return await this.handleApi(req, res);
      send(res, zohoError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'));
    } catch (e) {
      send(res, zohoError(500, 'INTERNAL_ERROR', 'Internal server error occurred.', { reason: (e as Error).message }));
    }
  }

  private count(key: string): void {
    this.counters.calls[key] = (this.counters.calls[key] ?? 0) + 1;
  }

  private async handleOAuth(req: Req): Promise<Reply> {
    const p = req.path.replace(/\/+$/, '');
    if (p === '/oauth/v2/auth' && req.method === 'GET') {
      this.count('GET /oauth/v2/auth');
      return this.oauth.handleAuthorize(req);
    }
    if (p === '/oauth/v2/token' && req.method === 'POST') {
      this.count('POST /oauth/v2/token');
      return this.oauth.handleToken(await formParams(req), String(req.headers['accept-language'] ?? ''));
    }
    if (p === '/oauth/v2/token/revoke' && req.method === 'POST') {
      this.count('POST /oauth/v2/token/revoke');
      return this.oauth.handleRevoke(await formParams(req));
    }
    return zohoError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
  }

  private async handleApi(req: Req, res: ServerResponse): Promise<void> {
    // Bulk Read lives under /crm/bulk/v8 (bulk-read.ts); everything else under /crm/v8 (router.ts).
    const bulk = this.bulk.route(req);
    const route = bulk ?? resolveRoute(this.crm, this.notifier, req);
    this.counters.totalApiCalls++;
    this.count(route?.key ?? `${req.method} ${req.path}`);

    const fault = this.faults.next();
    if (fault) {
      this.counters.faultsInjected++;
      this.counters.faultsByKind[fault] = (this.counters.faultsByKind[fault] ?? 0) + 1;
      if (await this.injectFault(fault, res)) return;
    }
    const auth = this.oauth.authenticate(req.headers.authorization);
    if (!auth.ok) return send(res, auth.reply);
    if (bulk && !bulk.scopeOk(auth.scope))
      return send(res, zohoError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL'));
    if (!route)
      return send(
        res,
        zohoError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'),
      );
    if (route.scope && !route.scope.test(auth.scope))
      return send(res, zohoError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL'));
    const heavy = route.heavy === true;
    const refused = this.limits.acquire(heavy);
    if (refused) {
      this.counters.tooManyRequests++;
      return send(
        res,
        tooManyRequests(
          refused === 'concurrency'
            ? 'You have exceeded the concurrency limit of your edition. Please try again after some time.'
            : 'You have exceeded the sub-concurrency limit for this API. Please try again after some time.',
        ),
      );
    }
    try {
      if (!this.limits.spend(route.credits)) {
        this.counters.tooManyRequests++;
        return send(
          res,
          tooManyRequests('You have exhausted the API credits of the last 24 hours. Please try again after some time.'),
        );
      }
      const delay = this.latency();
      if (delay > 0) await sleep(delay);
      const reply = route.run();
      if (reply.status === 429) this.counters.tooManyRequests++;
      send(res, reply);
    } finally {
      this.limits.release(heavy);
    }
  }

  /** Fixed latency plus deterministic jitter in [0, jitter]. */
  private latency(): number {
    const { latencyMs, jitterMs } = this.opts;
    if (!jitterMs) return latencyMs;
    this.latencyRng = (Math.imul(this.latencyRng ^ (this.latencyRng >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return latencyMs + (this.latencyRng % (jitterMs + 1));
  }

  /** Answers with a fault; true when the request is fully handled. */
  private async injectFault(kind: FaultKind, res: ServerResponse): Promise<boolean> {
    switch (kind) {
      case '429':
        this.counters.tooManyRequests++;
        send(res, tooManyRequests());
        return true;
      case '500':
        send(res, zohoError(500, 'INTERNAL_ERROR', 'Internal server error occurred.'));
        return true;
      case '502':
      case '503': {
        const title = kind === '502' ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
        send(res, {
          status: Number(kind),
          headers: { 'Content-Type': 'text/html' },
          body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>`,
        });
        return true;
      }
      case 'reset':
        res.socket?.destroy();
        return true;
      case 'malformed':
        send(res, {
          status: 200,
          headers: { 'Content-Type': 'application/json;charset=UTF-8' },
          body: '{"data":[{"id":"5843210000001000001","Deal_Name":"Trunc',
        });
        return true;
      case 'timeout':
        // Hang until the client gives up, or drop the socket after timeoutMs (never longer than 30 s).
        this.hung.add(res);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.faults.timeoutMs);
          res.on('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        this.hung.delete(res);
        res.socket?.destroy();
        return true;
    }
  }
}

function freshCounters() {
  return {
    calls: {} as Record<string, number>,
    totalApiCalls: 0,
    tooManyRequests: 0,
    faultsInjected: 0,
    faultsByKind: {} as Partial<Record<FaultKind, number>>,
    tokenRefreshes: 0,
    accessTokensIssued: 0,
    notificationsSent: 0,
    notificationsFailed: 0,
    notificationsRetried: 0,
  };
}
