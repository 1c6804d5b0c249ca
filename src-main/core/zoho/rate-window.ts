/**
 * A sliding-window cap: at most `limit` starts in any `windowMs` span. A fixed window (reset every
 * minute) would allow 2× the cap around the boundary; this one never does. Waiters are served in
 * order, so a burst queues up instead of all sleeping on the same instant.
 */
export class SlidingWindow {
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    public limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
  ) {}

  /**
   * Resolves when one more start fits in the window, and records it; resolves with the start time
   * it recorded (the cap holds on these times: a clock read later, after the promise hops, can be
   * a few ms late on a busy machine and would make two starts look closer than the window saw).
   */
  take(signal?: AbortSignal): Promise<number> {
    const turn = this.chain.then(() => this.wait(signal));
    // The next waiter queues behind this one whatever happens to it.
    this.chain = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async wait(signal?: AbortSignal): Promise<number> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      while (this.starts.length && this.starts[0] <= now - this.windowMs) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return now;
      }
      await this.sleep(this.starts[0] + this.windowMs - now + 1, signal);
    }
  }

  /** Starts recorded in the current window (for stats and tests). */
  inWindow(): number {
    const now = this.now();
    return this.starts.filter((t) => t > now - this.windowMs).length;
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
