/**
 * The Zoho CRM API client behind the `ZohoApi` seam. Per call: wait for a concurrency slot
 * (bottleneck, within the edition's limit) → for each attempt, wait for room under the per-minute
 * cap (every attempt is a call Zoho counts) → send with `Authorization: Zoho-oauthtoken` and a
 * timeout → classify the answer. Network errors, timeouts, 429, 5xx and malformed bodies are
 * retried with backoff and jitter (honouring Retry-After); INVALID_TOKEN triggers one shared token
 * refresh; other 4xx fail at once with a typed error.
 */
import Bottleneck from 'bottleneck';
import { ofetch, type FetchResponse } from 'ofetch';
import { backoffDelay, parseRetryAfter } from './backoff';
import {
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
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable failures. */
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  /** Called once per HTTP attempt (tests measure timestamps; the sync shows activity). */
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

export function createZohoClient(opts: ZohoClientOptions): ZohoClient {
  const maxConcurrency = opts.maxConcurrency ?? DEFAULT_CONCURRENCY;
  const limiter = new Bottleneck({ maxConcurrent: maxConcurrency });
  const window = new SlidingWindow(opts.callsPerMinute ?? DEFAULT_CALLS_PER_MINUTE, opts.rateWindowMs ?? 60_000);
  const counters = { calls: 0, retries: 0, rateLimited: 0, credits: 0 };
  const maxRetries = opts.maxRetries ?? 5;
  const policy = { baseMs: opts.backoffBaseMs ?? 1000, maxMs: opts.backoffMaxMs ?? 60_000, random: opts.random };
  let stopped: Error | null = null;
  // Aborts every wait (cap, backoff) and request in flight when the client is stopped.
  const stopSignal = new AbortController();
  const apiDomain = () => (typeof opts.apiDomain === 'function' ? opts.apiDomain() : opts.apiDomain);

  async function execute<T>(request: ZohoRequest): Promise<ZohoResponse<T>> {
    const signal = request.signal ? AbortSignal.any([request.signal, stopSignal.signal]) : stopSignal.signal;
    const req = { ...request, signal };
    let renewedFor: string | null = null;
    for (let attempt = 0; ; attempt++) {
      if (stopped) throw stopped;
      let token: string;
      let outcome: Outcome<T>;
      try {
        token = await opts.tokens.accessToken();
        await window.take(req.signal);
        if (stopped) throw stopped;
        counters.calls++;
        if (attempt > 0) counters.retries++;
        opts.onAttempt?.({ at: Date.now(), method: req.method ?? 'GET', path: req.path });
        outcome = await send<T>(req, token);
      } catch (error) {
        if (stopped) throw stopped;
        outcome = { kind: 'error', error: error as Error };
      }
      if (outcome.kind === 'ok') return outcome.response;
      if (outcome.kind === 'invalid-token') {
        // One renewal per call: a token refused twice in a row is not a stale-token problem.
        if (renewedFor !== null) throw new ReconnectNeededError('Zoho refused a freshly issued access token.');
        renewedFor = outcome.token;
        await opts.tokens.renew(outcome.token);
        attempt--; // a stale token is not a fault of Zoho's: it does not use up a retry
        continue;
      }
      const error = outcome.error;
      if (req.signal?.aborted || !(error instanceof ZohoError) || !error.retryable || attempt >= maxRetries)
        throw error;
      if (error.name === 'TokenRateLimitError') throw error; // minutes away: the caller decides
      const retryAfter = error instanceof ZohoRateLimitError ? error.retryAfterMs : null;
      await sleep(backoffDelay(attempt, policy, retryAfter), req.signal).catch((e: unknown) => {
        throw stopped ?? e;
      });
    }
  }

  type Outcome<T> =
    | { kind: 'ok'; response: ZohoResponse<T> }
    | { kind: 'invalid-token'; token: string }
    | { kind: 'error'; error: Error };

  async function send<T>(req: ZohoRequest, token: string): Promise<Outcome<T>> {
    const base = apiDomain();
    const host = new URL(base).host;
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let res: FetchResponse<string>;
    try {
      res = await ofetch.raw<string, 'text'>(req.path, {
        baseURL: base,
        method: req.method ?? 'GET',
        query: req.query,
        body: req.body as Record<string, unknown> | undefined,
        headers: { Accept: 'application/json', ...req.headers, Authorization: `Zoho-oauthtoken ${token}` },
        responseType: 'text',
        retry: 0,
        ignoreResponseError: true,
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      if (req.signal?.aborted) throw req.signal.reason ?? error;
      const e = error as Error & { cause?: Error };
      return {
        kind: 'error',
        error: new ZohoNetworkError(
          timeout.aborted ? 'TIMEOUT' : 'NETWORK_ERROR',
          host,
          networkCause(e) ?? (e.cause ? networkCause(e.cause) : undefined),
        ),
      };
    }
    const status = res.status;
    const text = res._data ?? '';
    if (status === 204 || status === 304) {
      counters.credits++;
      return { kind: 'ok', response: { status, data: null, headers: res.headers } };
    }
    let body: unknown;
    let parsed = true;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      parsed = false;
    }
    if (status >= 200 && status < 300) {
      if (!parsed) return { kind: 'error', error: new MalformedResponseError(req.path) };
      counters.credits++;
      return { kind: 'ok', response: { status, data: body as T, headers: res.headers } };
    }
    const zoho = (parsed && body && typeof body === 'object' ? body : {}) as {
      code?: unknown;
      message?: unknown;
      details?: unknown;
      data?: unknown;
    };
    // A write where every record failed comes back as 400 with only per-record results
    // ({data:[{code, message, details}]}): take the first record's code and keep them all.
    const firstRecord =
      Array.isArray(zoho.data) && zoho.data[0] && typeof zoho.data[0] === 'object'
        ? (zoho.data[0] as typeof zoho)
        : null;
    const code =
      typeof zoho.code === 'string'
        ? zoho.code
        : typeof firstRecord?.code === 'string'
          ? firstRecord.code
          : `HTTP_${status}`;
    const message =
      typeof zoho.message === 'string'
        ? zoho.message
        : typeof firstRecord?.message === 'string'
          ? firstRecord.message
          : '';
    if (status === 429) {
      counters.rateLimited++;
      return { kind: 'error', error: new ZohoRateLimitError(parseRetryAfter(res.headers.get('retry-after')), message) };
    }
    if (status === 401 && (code === 'INVALID_TOKEN' || code === 'AUTHENTICATION_FAILURE'))
      return { kind: 'invalid-token', token };
    if (status === 401 && code === 'OAUTH_SCOPE_MISMATCH')
      return { kind: 'error', error: new ScopeMismatchError(req.path) };
    if (status < 500) counters.credits++; // Zoho charges a 4xx that reached the handler
    const details =
      zoho.details && typeof zoho.details === 'object' ? (zoho.details as Record<string, unknown>) : undefined;
    const withRecords = Array.isArray(zoho.data) ? { ...details, data: zoho.data } : details;
    return { kind: 'error', error: new ZohoApiError(status, code, message, withRecords) };
  }

  return {
    maxConcurrency,
    request<T>(req: ZohoRequest) {
      if (stopped) return Promise.reject(stopped);
      const dead = opts.tokens.reconnectNeeded;
      if (dead) return Promise.reject(dead);
      return limiter
        .schedule(() => execute<T>(req))
        .catch((error: unknown) => {
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
      await limiter.stop({ dropWaitingJobs: true, dropErrorMessage: reason.message }).catch(() => undefined);
    },
  };
}
