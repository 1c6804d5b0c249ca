/**
 * The Zoho CRM API client behind the `ZohoApi` seam. Per call: wait for a slot under Zoho's
 * sub-concurrency of 10 if it is a heavy call (COQL, Get Records with sort_by, big writes;
 * call-cost.ts), then for a concurrency slot (bottleneck, within the edition's limit) → for each
 * attempt, wait for room under the per-minute cap (every attempt is a call Zoho counts) and
 * reserve its credits in the rolling 24-hour budget (credit-window.ts; over it, the call fails at
 * once with CreditBudgetError and nothing is sent) → send with `Authorization: Zoho-oauthtoken`
 * and a timeout → classify the answer. Network errors, timeouts, 429, 5xx and malformed bodies are
 * retried with backoff and jitter (honouring Retry-After); INVALID_TOKEN triggers one shared token
 * refresh; other 4xx fail at once with a typed error.
 */
import Bottleneck from 'bottleneck';
import { ofetch, type FetchResponse } from 'ofetch';
import { backoffDelay, parseRetryAfter } from './backoff';
import { creditsOf, HEAVY_CONCURRENCY, isHeavyCall } from './call-cost';
import { CreditWindow } from './credit-window';
import {
  CreditBudgetError,
  MalformedResponseError,
  ReconnectNeededError,
  ScopeMismatchError,
  ZohoApiError,
  ZohoError,
  ZohoNetworkError,
  ZohoRateLimitError,
} from './errors';
import { networkCause } from './oauth';
import { abortableSleep as sleep, SlidingWindow } from './rate-window';
import type { TokenManager } from './token-manager';
import type { ZohoApi, ZohoClientStats, ZohoRequest, ZohoResponse } from './zoho-api';

export interface ZohoClientOptions {
  apiDomain: string | (() => string);
  tokens: Pick<TokenManager, 'accessToken' | 'renew' | 'refreshes' | 'reconnectNeeded'>;
  /** Self-imposed cap (setting apiCallsPerMinute), default 100. */
  callsPerMinute?: number;
  /** The cap's window; 60 s except in tests that compress time. */
  rateWindowMs?: number;
  /** Calls in flight at once; keep within the edition's limit (Free 5 … Ultimate 25). */
  maxConcurrency?: number;
  /** Heavy calls in flight at once (Zoho's sub-concurrency, 10 in every edition). */
  heavyConcurrency?: number;
  /** This app's share of the org's API credits over a rolling 24 hours; unlimited when absent. */
  creditsPer24h?: number;
  /** Clock of the credit window (tests move it). */
  now?: () => number;
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable failures. */
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  /** Called once per HTTP attempt, `at` the time it took its turn under the cap (tests measure these; the sync shows activity). */
  onAttempt?: (info: { at: number; method: string; path: string }) => void;
}

export interface ZohoClient extends ZohoApi {
  /** Changes the per-minute cap at once (settings change). */
  setCallsPerMinute(n: number): void;
  /** Rejects queued calls and accepts no new ones (disconnect, reconnect needed, shutdown). */
  stop(reason?: Error): Promise<void>;
}

export const DEFAULT_CALLS_PER_MINUTE = 100;
export const DEFAULT_CONCURRENCY = 5;

type Counters = { calls: number; retries: number; rateLimited: number; credits: number };

/** What one attempt came to; `charged`: Zoho counted its credits (it reached Zoho's handler). */
type Outcome<T> = { charged?: boolean } & (
  { kind: 'ok'; response: ZohoResponse<T> } | { kind: 'invalid-token'; token: string } | { kind: 'error'; error: Error }
);

/** An HTTP answer as read off the wire, before it is judged. */
interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

export function createZohoClient(opts: ZohoClientOptions): ZohoClient {
  const maxConcurrency = opts.maxConcurrency ?? DEFAULT_CONCURRENCY;
  const limiter = new Bottleneck({ maxConcurrent: maxConcurrency });
  const heavyLimiter = new Bottleneck({
    maxConcurrent: Math.min(maxConcurrency, opts.heavyConcurrency ?? HEAVY_CONCURRENCY),
  });
  const credits = opts.creditsPer24h !== undefined ? new CreditWindow(opts.creditsPer24h, opts.now) : null;
  const window = new SlidingWindow(opts.callsPerMinute ?? DEFAULT_CALLS_PER_MINUTE, opts.rateWindowMs ?? 60_000);
  const counters: Counters = { calls: 0, retries: 0, rateLimited: 0, credits: 0 };
  const maxRetries = opts.maxRetries ?? 5;
  const policy = { baseMs: opts.backoffBaseMs ?? 1000, maxMs: opts.backoffMaxMs ?? 60_000, random: opts.random };
  let stopped: Error | null = null;
  // Aborts every wait (cap, backoff) and request in flight when the client is stopped.
  const stopSignal = new AbortController();
  const apiDomain = () => (typeof opts.apiDomain === 'function' ? opts.apiDomain() : opts.apiDomain);

  /** The attempts of one call: each takes its turn, is sent and judged; then renew, retry or end. */
  async function execute<T>(request: ZohoRequest): Promise<ZohoResponse<T>> {
    const signal = request.signal ? AbortSignal.any([request.signal, stopSignal.signal]) : stopSignal.signal;
    const req = { ...request, signal };
    let renewedFor: string | null = null;
    const cost = creditsOf(req);
    for (let attempt = 0; ; attempt++) {
      if (stopped) throw stopped;
      let outcome: Outcome<T>;
      let reserved = false;
      try {
        const token = await takeTurn(req, cost, attempt);
        reserved = credits !== null;
        outcome = await send<T>(req, token, cost, { base: apiDomain(), timeoutMs: opts.timeoutMs ?? 30_000, counters });
      } catch (error) {
        if (stopped) throw stopped;
        if (error instanceof CreditBudgetError) throw error; // hours away, and nothing was sent
        outcome = { kind: 'error', error: error as Error };
      }
      // Zoho charges what reached its handler: not a 429, a 5xx, a refused token or no answer.
      if (reserved && !outcome.charged) credits!.release(cost);
      if (outcome.kind === 'ok') return outcome.response;
      if (outcome.kind === 'invalid-token') {
        // One renewal per call: a token refused twice in a row is not a stale-token problem.
        if (renewedFor !== null) throw new ReconnectNeededError('Zoho refused a freshly issued access token.');
        renewedFor = outcome.token;
        await opts.tokens.renew(outcome.token);
        attempt--; // a stale token is not a fault of Zoho's: it does not use up a retry
        continue;
      }
      await backOffOrThrow(outcome.error, attempt, req.signal);
    }
  }

  /**
   * What an attempt waits for before it is sent: an access token, room under the per-minute cap,
   * and its credits reserved in the 24-hour budget (over it: CreditBudgetError, nothing sent).
   */
  async function takeTurn(req: ZohoRequest & { signal: AbortSignal }, cost: number, attempt: number): Promise<string> {
    const token = await opts.tokens.accessToken();
    const startedAt = await window.take(req.signal);
    if (stopped) throw stopped;
    const wait = credits?.reserve(cost) ?? null;
    if (wait !== null) throw new CreditBudgetError(credits!.budget, wait);
    counters.calls++;
    if (attempt > 0) counters.retries++;
    opts.onAttempt?.({ at: startedAt, method: req.method ?? 'GET', path: req.path });
    return token;
  }

  /** Waits before the next attempt, or throws: not retryable, out of retries, or stopped. */
  async function backOffOrThrow(error: Error, attempt: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || !(error instanceof ZohoError) || !error.retryable || attempt >= maxRetries) throw error;
    if (error.name === 'TokenRateLimitError') throw error; // minutes away: the caller decides
    const retryAfter = error instanceof ZohoRateLimitError ? error.retryAfterMs : null;
    await sleep(backoffDelay(attempt, policy, retryAfter), signal).catch((e: unknown) => {
      throw stopped ?? e;
    });
  }

  return {
    maxConcurrency,
    request<T>(req: ZohoRequest) {
      if (stopped) return Promise.reject(stopped);
      const dead = opts.tokens.reconnectNeeded;
      if (dead) return Promise.reject(dead);
      // A heavy call waits for its sub-concurrency slot before taking a general one, so waiting
      // heavy calls never hold general slots that light calls could use.
      const run = () => limiter.schedule(() => execute<T>(req));
      return (isHeavyCall(req) ? heavyLimiter.schedule(run) : run()).catch((error: unknown) => {
        // Bottleneck's own "stopped" error becomes ours, so callers see one kind of failure.
        throw stopped && error instanceof Bottleneck.BottleneckError ? stopped : error;
      });
    },
    stats(): ZohoClientStats {
      return { ...counters, refreshes: opts.tokens.refreshes };
    },
    setCallsPerMinute(n) {
      window.limit = n;
    },
    async stop(reason = new Error('The Zoho client was stopped.')) {
      if (stopped) return;
      stopped = reason;
      stopSignal.abort(reason);
      await Promise.all(
        [heavyLimiter, limiter].map((l) =>
          l.stop({ dropWaitingJobs: true, dropErrorMessage: reason.message }).catch(() => undefined),
        ),
      );
    },
  };
}

/** One HTTP attempt, judged. A network failure or a timeout is a retryable ZohoNetworkError. */
async function send<T>(
  req: ZohoRequest,
  token: string,
  cost: number,
  o: { base: string; timeoutMs: number; counters: Counters },
): Promise<Outcome<T>> {
  const timeout = AbortSignal.timeout(req.timeoutMs ?? o.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: FetchResponse<string | ArrayBuffer>;
  try {
    res = await ofetch.raw<string | ArrayBuffer, 'text' | 'arrayBuffer'>(req.path, {
      baseURL: o.base,
      method: req.method ?? 'GET',
      query: req.query,
      body: req.body as Record<string, unknown> | undefined,
      headers: {
        Accept: req.binary ? 'application/zip, application/json' : 'application/json',
        ...req.headers,
        Authorization: `Zoho-oauthtoken ${token}`,
      },
      responseType: req.binary ? 'arrayBuffer' : 'text',
      retry: 0,
      ignoreResponseError: true,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    if (req.signal?.aborted) throw req.signal.reason ?? error;
    const e = error as Error & { cause?: Error };
    const code = timeout.aborted ? 'TIMEOUT' : 'NETWORK_ERROR';
    const cause = networkCause(e) ?? (e.cause ? networkCause(e.cause) : undefined);
    return { kind: 'error', error: new ZohoNetworkError(code, new URL(o.base).host, cause) };
  }
  const raw = res._data;
  // A file download (Bulk Read's zip): a 2xx answer is the bytes; an error answer is JSON as usual.
  if (req.binary && res.status >= 200 && res.status < 300 && raw instanceof ArrayBuffer) {
    o.counters.credits += cost;
    return {
      kind: 'ok',
      charged: true,
      response: { status: res.status, data: new Uint8Array(raw) as T, headers: res.headers },
    };
  }
  const text = raw instanceof ArrayBuffer ? new TextDecoder().decode(raw) : (raw ?? '');
  const answer = { status: res.status, text, headers: res.headers };
  return judge<T>(answer, req.path, token, cost, o.counters);
}

/**
 * What an answer means (docs/zoho-api.md): 204/304 and 2xx with JSON are ok; a 2xx that is not
 * JSON is malformed (retried); 429 is a rate limit (Retry-After kept); 401 INVALID_TOKEN or
 * AUTHENTICATION_FAILURE asks for a fresh token; 401 OAUTH_SCOPE_MISMATCH is a missing scope;
 * anything else is a ZohoApiError with Zoho's code — taken from the body, or from the first
 * per-record result when every record of a write failed. Counts the credits Zoho charged
 * (a 2xx, 204/304, or a 4xx that reached its handler) and 429s.
 */
function judge<T>(a: Answer, path: string, token: string, cost: number, counters: Counters): Outcome<T> {
  if (a.status === 204 || a.status === 304) {
    counters.credits += cost;
    return { kind: 'ok', charged: true, response: { status: a.status, data: null, headers: a.headers } };
  }
  let body: unknown;
  let parsed = true;
  try {
    body = a.text ? JSON.parse(a.text) : null;
  } catch {
    parsed = false;
  }
  if (a.status >= 200 && a.status < 300) {
    counters.credits += cost;
    if (!parsed) return { kind: 'error', charged: true, error: new MalformedResponseError(path) };
    return { kind: 'ok', charged: true, response: { status: a.status, data: body as T, headers: a.headers } };
  }
  const zoho = (parsed && body && typeof body === 'object' ? body : {}) as ZohoErrorBody;
  // A write where every record failed comes back as 400 with only per-record results
  // ({data:[{code, message, details}]}, or {watch:[…]} for notification channels): take the
  // first item's code and keep them all.
  const items = Array.isArray(zoho.data) ? zoho.data : Array.isArray(zoho.watch) ? zoho.watch : null;
  const first = items && items[0] && typeof items[0] === 'object' ? (items[0] as ZohoErrorBody) : null;
  const code = stringOr(zoho.code, stringOr(first?.code, `HTTP_${a.status}`));
  const message = stringOr(zoho.message, stringOr(first?.message, ''));
  if (a.status === 429) {
    counters.rateLimited++;
    return { kind: 'error', error: new ZohoRateLimitError(parseRetryAfter(a.headers.get('retry-after')), message) };
  }
  if (a.status === 401 && (code === 'INVALID_TOKEN' || code === 'AUTHENTICATION_FAILURE'))
    return { kind: 'invalid-token', token };
  if (a.status === 401 && code === 'OAUTH_SCOPE_MISMATCH')
    return { kind: 'error', error: new ScopeMismatchError(path) };
  const charged = a.status < 500; // Zoho charges a 4xx that reached the handler
  if (charged) counters.credits += cost;
  const details =
    zoho.details && typeof zoho.details === 'object' ? (zoho.details as Record<string, unknown>) : undefined;
  const withRecords = items ? { ...details, data: items } : details;
  return { kind: 'error', charged, error: new ZohoApiError(a.status, code, message, withRecords) };
}

interface ZohoErrorBody {
  code?: unknown;
  message?: unknown;
  details?: unknown;
  data?: unknown;
  watch?: unknown;
}

const stringOr = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
