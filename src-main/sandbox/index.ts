/**
 * Public entry of the Zoho CRM sandbox. `startSandbox()` starts a server on 127.0.0.1 and returns
 * handles for tests; every handle is also reachable over HTTP under `/__sandbox/` (control.ts).
 */
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEFAULT_SCOPE } from './oauth';
import type { BulkReadOptions } from './bulk-read';
import { SandboxCore } from './server';
import type { DealRecord, Edition, FaultProfile, SandboxStats } from './types';

export type { DealRecord, DeletedRecord, Edition, FaultKind, FaultProfile, SandboxStats } from './types';
export { NAMED_PROFILES, parseFaults } from './faults';
export { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SELF_CLIENT_ID, SELF_CLIENT_SECRET, DEFAULT_SCOPE } from './oauth';
export { generateDeals } from './generator';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1; the sandbox is never meant to be reachable from other machines. */
  host?: string;
  /** Deals to generate (default 300). Ignored when `dataFile` exists. */
  deals?: number;
  seed?: number;
  latencyMs?: number;
  jitterMs?: number;
  faults?: string | FaultProfile;
  edition?: Edition;
  /** Load from / save to this JSON file (demo workspace persistence). */
  dataFile?: string;
  accessTokenTtlSec?: number;
  /** The account's language (`en` default, `fr`): Zoho words some answers (the token throttle) in it. */
  accountLanguage?: string;
  /** Override the edition's daily credit budget. */
  dailyCredits?: number;
  /** Delays between a failed notification callback and its retries (ms); Zoho's own are unknown. */
  notifyRetryDelaysMs?: number[];
  /** Clock, for tests. */
  now?: () => Date;
  /**
   * The control API's secret (`X-Sandbox-Secret`); default: PULSE_SANDBOX_SECRET when set (so a
   * test can drive the demo workspace's sandbox inside `pulse web`), else a random one.
   */
  controlSecret?: string;
  /** Bulk Read: job delay, records per file, download limit (bulk-read.ts). */
  bulk?: Partial<BulkReadOptions>;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:40123: the accounts server and the api_domain. */
  baseUrl: string;
  /** The secret every `/__sandbox/` request must carry in X-Sandbox-Secret. */
  controlSecret: string;
  /** One control API call over HTTP, with the secret (for code that drives a sandbox by URL). */
  control<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
  demoClient: { clientId: string; clientSecret: string };
  issueRefreshToken(scope?: string): string;
  dumpDeals(): DealRecord[];
  stats(): SandboxStats;
  resetStats(): void;
  setFaults(p: FaultProfile | string | null): void;
  editDeal(id: string, changes: Record<string, unknown>): DealRecord;
  createDeal(fields: Record<string, unknown>): DealRecord;
  deleteDeal(id: string, permanent?: boolean): void;
  expireAccessTokens(): void;
  /** Moves the sandbox clock forward (token and channel expiry, Modified_Time). */
  advanceClock(ms: number): void;
  /** Resolves when every notification callback sent so far has completed. */
  drainNotifications(): Promise<void>;
  /** The server's internals, for white-box tests only. */
  core: SandboxCore;
}

/** A `/__sandbox/<route>` call with the secret; the body is parsed when it is JSON. */
export async function controlCall<T = unknown>(
  baseUrl: string,
  secret: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const r = await fetch(`${baseUrl}/__sandbox/${route.replace(/^\//, '')}`, {
    method,
    headers: { 'X-Sandbox-Secret': secret, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: r.status, body: parsed as T };
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const core = new SandboxCore({
    port: opts.port ?? 0,
    host: opts.host ?? '127.0.0.1',
    deals: opts.deals ?? 300,
    seed: opts.seed ?? 42,
    latencyMs: opts.latencyMs ?? 0,
    jitterMs: opts.jitterMs ?? 0,
    faults: opts.faults,
    edition: opts.edition ?? 'enterprise',
    dataFile: opts.dataFile,
    accessTokenTtlSec: opts.accessTokenTtlSec ?? 3600,
    accountLanguage: opts.accountLanguage,
    dailyCredits: opts.dailyCredits,
    notifyRetryDelaysMs: opts.notifyRetryDelaysMs,
    now: opts.now,
    controlSecret: opts.controlSecret ?? process.env.PULSE_SANDBOX_SECRET,
    bulk: opts.bulk,
  });
  await core.listen();
  return {
    baseUrl: core.baseUrl,
    controlSecret: core.controlSecret,
    control: (method, route, body) => controlCall(core.baseUrl, core.controlSecret, method, route, body),
    close: () => core.close(),
    demoClient: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET },
    issueRefreshToken: (scope = DEFAULT_SCOPE) => core.oauth.issueRefreshToken(scope),
    dumpDeals: () => core.dumpDeals(),
    stats: () => core.stats(),
    resetStats: () => core.resetStats(),
    setFaults: (p) => core.setFaults(p),
    editDeal: (id, changes) => core.editDeal(id, changes),
    createDeal: (fields) => core.createDeal(fields),
    deleteDeal: (id, permanent) => core.deleteDeal(id, permanent),
    expireAccessTokens: () => core.expireAccessTokens(),
    advanceClock: (ms) => core.advanceClock(ms),
    drainNotifications: () => core.notifier.drain(),
    core,
  };
}
