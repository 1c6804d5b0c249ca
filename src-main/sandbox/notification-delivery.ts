/**
 * Sending notification callbacks the way Zoho does: after the change committed (never from inside
 * the write, so a receiver that fetches the record at once sees the new values), one POST per
 * channel, and again later when the receiver did not answer 2xx (down, 5xx, refused). How often and
 * how long Zoho retries is not documented: the schedule here is the sandbox's own (README, guesses).
 */

/** Retry delays after a failed delivery (ms); a callback is dropped after the last one fails. */
export const DEFAULT_RETRY_DELAYS_MS = [5_000, 30_000, 120_000];

export interface DeliveryOptions {
  retryDelaysMs?: number[];
  /** The time between a change and its callback (Zoho commits, then notifies); default next tick. */
  commitDelayMs?: number;
  onAttempt: (outcome: 'sent' | 'failed' | 'retry') => void;
}

export class CallbackDelivery {
  private readonly pending = new Set<Promise<void>>();
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly opts: DeliveryOptions) {}

  /** Queues one callback; resolves (internally) once it was delivered or given up. */
  send(url: string, body: unknown): void {
    const text = JSON.stringify(body);
    const p = this.deliver(url, text).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async deliver(url: string, text: string): Promise<void> {
    await this.wait(this.opts.commitDelayMs ?? 0);
    const delays = this.opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    for (let attempt = 0; ; attempt++) {
      if (this.closed) return;
      if (await this.post(url, text)) return this.opts.onAttempt('sent');
      if (attempt >= delays.length) return this.opts.onAttempt('failed');
      this.opts.onAttempt('retry');
      await this.wait(delays[attempt]);
    }
  }

  private async post(url: string, text: string): Promise<boolean> {
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: text,
        signal: AbortSignal.timeout(10_000),
      });
      await r.body?.cancel();
      return r.ok;
    } catch {
      return false;
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waits.delete(t);
        resolve();
      }, ms);
      t.unref?.();
      this.waits.set(t, resolve);
    });
  }

  /** Resolves when every callback queued so far was delivered or given up (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Shutdown: callbacks waiting for a retry are dropped. */
  close(): void {
    this.closed = true;
    for (const [t, resolve] of this.waits) {
      clearTimeout(t);
      resolve();
    }
    this.waits.clear();
  }
}
