/**
 * When the outbox is pushed without anyone asking: shortly after an edit (edits made together go
 * in one PUT), when the connection or a sync says Zoho is reachable again, and when the earliest
 * retry falls due. One push at a time; a request during a push runs once more afterwards.
 * Timers are unref'd so they never keep a CLI process alive.
 */
export class PushScheduler {
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private closed = false;

  constructor(
    private readonly run: (urgent: boolean) => Promise<{ nextDueAt: number | null }>,
    private readonly debounceMs = 250,
  ) {}

  private urgent = false;

  /**
   * Push in `delayMs` (or sooner if already scheduled sooner). `urgent`: the connection is back,
   * so edits waiting out a backoff go too.
   */
  soon(delayMs = this.debounceMs, urgent = false): void {
    if (this.closed) return;
    if (urgent) this.urgent = true;
    const at = Date.now() + Math.max(0, delayMs);
    if (at >= this.dueAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => void this.fire(), Math.max(0, delayMs));
    this.timer.unref?.();
  }

  private async fire(): Promise<void> {
    this.timer = null;
    this.dueAt = Infinity;
    if (this.closed) return;
    try {
      const urgent = this.urgent;
      this.urgent = false;
      const { nextDueAt } = await this.run(urgent);
      if (nextDueAt !== null) this.soon(Math.max(1000, nextDueAt - Date.now()));
    } catch {
      // A push that throws is already recorded on its edits; try again later.
      this.soon(30_000);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
