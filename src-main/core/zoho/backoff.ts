/**
 * Retry timing, the one formula for everything that retries: Zoho calls (client.ts), the O2R
 * outbox (pusher.ts) and the offline sync schedule (scheduler.ts, without jitter). Exponential
 * backoff with jitter (a random wait between half and all of the exponential ceiling), so many
 * calls failing together do not retry together. A server's Retry-After wins when it asks for longer.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, p: BackoffPolicy, retryAfterMs: number | null = null): number {
  const ceiling = Math.min(p.maxMs, p.baseMs * 2 ** attempt);
  const jittered = Math.round(ceiling / 2 + (p.random ?? Math.random)() * (ceiling / 2));
  return retryAfterMs !== null ? Math.max(retryAfterMs, jittered) : jittered;
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
