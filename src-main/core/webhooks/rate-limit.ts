/**
 * A token bucket per source address: `burst` requests at once, refilled at `perSecond`. Generous
 * enough for Zoho's bursts (one callback per write: 200 edits in a second are 200 requests) while a
 * flood from one address is refused with 429 before its body is read.
 */
export class SourceRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst = 300,
    private readonly perSecond = 20,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the source may send this request (and takes one token). */
  take(source: string): boolean {
    const t = this.now();
    const b = this.buckets.get(source) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    this.buckets.set(source, b);
    if (this.buckets.size > 10_000) this.forgetFull();
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Seconds until the source may send again (for Retry-After). */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(1 / this.perSecond));
  }

  /** Sources whose bucket refilled completely carry no state worth keeping. */
  private forgetFull(): void {
    const t = this.now();
    for (const [k, b] of this.buckets)
      if (b.tokens + ((t - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(k);
  }
}
