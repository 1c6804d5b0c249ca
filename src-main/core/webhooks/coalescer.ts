import type { NotifiedIds } from '../sync/notified-changes';

/**
 * Gathers the ids of a burst of notifications into one batch: Zoho sends one callback per write,
 * so 200 quick edits are 200 callbacks, and fetching per callback would cost 200 API calls. The
 * first change while nothing is being applied goes at once (a single edit shows without delay); while
 * a batch is being applied, new ids wait, and go together after `quietMs` without news or
 * `maxWaitMs` after the first of them, whichever comes first. One flush at a time. The last word
 * on an id wins: changed after deleted is fetched (restored), deleted after changed is removed.
 */
export class ChangeCoalescer {
  private upsert = new Set<string>();
  private remove = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private firstAt: number | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly apply: (ids: NotifiedIds) => Promise<void>,
    private readonly quietMs = 150,
    private readonly maxWaitMs = 600,
  ) {}

  add(operation: 'insert' | 'update' | 'delete', ids: readonly string[]): void {
    if (this.closed || ids.length === 0) return;
    for (const id of ids) {
      if (operation === 'delete') {
        this.upsert.delete(id);
        this.remove.add(id);
      } else {
        this.remove.delete(id);
        this.upsert.add(id);
      }
    }
    this.firstAt ??= Date.now();
    this.plan();
  }

  /** Waits until everything added so far was applied (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.flushing || this.timer || this.pending()) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
        void this.flush();
      }
      await this.flushing;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private pending(): boolean {
    return this.upsert.size + this.remove.size > 0 && !this.closed;
  }

  private plan(): void {
    if (this.flushing) return; // the flush in progress plans the next one when it ends
    if (this.timer) clearTimeout(this.timer);
    const now = Date.now();
    const waited = now - (this.firstAt ?? now);
    // Nothing in flight and this is the batch's first id: no reason to wait.
    const quietSpell = waited === 0;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.flush();
      },
      quietSpell ? 0 : Math.max(0, Math.min(this.quietMs, this.maxWaitMs - waited)),
    );
    this.timer.unref?.();
  }

  private flush(): Promise<void> {
    if (this.flushing || !this.pending()) return this.flushing ?? Promise.resolve();
    const batch: NotifiedIds = { upsert: [...this.upsert], remove: [...this.remove] };
    this.upsert = new Set();
    this.remove = new Set();
    this.firstAt = null;
    this.flushing = this.apply(batch)
      .catch(() => undefined)
      .finally(() => {
        this.flushing = null;
        if (this.pending()) {
          this.firstAt ??= Date.now();
          this.plan();
        }
      });
    return this.flushing;
  }
}
