/**
 * Only one process may push a data dir's outbox at a time (the app and `pulse o2r push` can both
 * run): two pushers could both re-read a record, both see the base value and both write. The
 * lease is a row with an expiry, renewed while pushing; a holder that died (SIGKILL) is detected
 * by its pid on this machine, so the next pusher need not wait for the expiry.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Database } from 'better-sqlite3';

const LEASE_MS = 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class PushLease {
  readonly holder = randomBytes(8).toString('hex');

  constructor(
    private readonly sqlite: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this process now holds the lease (also when it already did). */
  acquire(): boolean {
    const host = os.hostname();
    return this.sqlite
      .transaction(() => {
        const row = this.sqlite
          .prepare('SELECT holder, pid, host, expires_at FROM o2r_push_lease WHERE id = 1')
          .get() as { holder: string; pid: number; host: string; expires_at: number } | undefined;
        const free =
          !row ||
          row.holder === this.holder ||
          row.expires_at <= this.now() ||
          (row.host === host && row.pid !== process.pid && !alive(row.pid));
        if (!free) return false;
        this.sqlite
          .prepare('INSERT OR REPLACE INTO o2r_push_lease (id, holder, pid, host, expires_at) VALUES (1, ?, ?, ?, ?)')
          .run(this.holder, process.pid, host, this.now() + LEASE_MS);
        return true;
      })
      .immediate();
  }

  renew(): void {
    this.sqlite
      .prepare('UPDATE o2r_push_lease SET expires_at = ? WHERE id = 1 AND holder = ?')
      .run(this.now() + LEASE_MS, this.holder);
  }

  release(): void {
    this.sqlite.prepare('DELETE FROM o2r_push_lease WHERE id = 1 AND holder = ?').run(this.holder);
  }
}
