import { createHash } from 'node:crypto';

export type ReplayVerdict = 'fresh' | 'stale' | 'seen';

/**
 * Refuses a notification replayed by someone who captured one: its `server_time` older than
 * `maxAgeMs` (or further in the future than the allowed clock skew), or the same notification
 * (channel, time, operation, ids) already accepted within that window. Zoho's retries of older
 * callbacks are refused too; the delta sync covers them (docs/zoho-notifications.md#unverified).
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly maxAgeMs = 10 * 60_000,
    private readonly skewMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  check(n: { channel_id: string; server_time: number; operation: string; ids: string[] }): ReplayVerdict {
    const t = this.now();
    if (n.server_time < t - this.maxAgeMs || n.server_time > t + this.skewMs) return 'stale';
    this.forgetOld(t);
    const key = createHash('sha256')
      .update(`${n.channel_id}|${n.server_time}|${n.operation}|${n.ids.join(',')}`)
      .digest('base64url');
    if (this.seen.has(key)) return 'seen';
    this.seen.set(key, n.server_time);
    return 'fresh';
  }

  private forgetOld(t: number): void {
    for (const [k, at] of this.seen) {
      if (at >= t - this.maxAgeMs) break; // insertion order ≈ arrival order
      this.seen.delete(k);
    }
  }
}
