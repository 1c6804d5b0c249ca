import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Database } from 'better-sqlite3';

export interface LeaseHolder {
  holder: string;
  pid: number;
  host: string;
  expiresAt: number;
}

/** A process on this machine that no longer exists cannot be syncing. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One sync at a time per data directory, across processes (the app and `pulse sync`): a one-row
 * lease in the database, taken in an IMMEDIATE transaction, renewed while the sync runs and
 * released at the end. A holder that was killed stops blocking when its lease expires, or at once
 * when it lived on this machine and its pid is gone.
 */
export class SyncLease {
  readonly id: string;

  constructor(
    private readonly sqlite: Database,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {
    this.id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  current(): LeaseHolder | null {
    const r = this.sqlite.prepare('SELECT holder, pid, host, expires_at FROM sync_lease WHERE id = 1').get() as
      { holder: string; pid: number; host: string; expires_at: number } | undefined;
    return r ? { holder: r.holder, pid: r.pid, host: r.host, expiresAt: r.expires_at } : null;
  }

  /** True while another live process holds the lease (it is syncing this data dir right now). */
  heldElsewhere(): boolean {
    const cur = this.current();
    return Boolean(
      cur &&
      cur.holder !== this.id &&
      cur.expiresAt > this.now() &&
      !(cur.host === os.hostname() && cur.pid !== process.pid && !pidAlive(cur.pid)),
    );
  }

  /** True when this lease now holds the data dir (also when it already did). */
  tryAcquire(): boolean {
    const take = this.sqlite.transaction((): boolean => {
      if (this.heldElsewhere()) return false;
      const t = this.now();
      this.sqlite
        .prepare(
          `INSERT INTO sync_lease (id, holder, pid, host, acquired_at, expires_at) VALUES (1, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
             acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
        )
        .run(this.id, process.pid, os.hostname(), new Date(t).toISOString(), t + this.ttlMs);
      return true;
    });
    return take.immediate();
  }

  /** Extends the lease; false when another process took it over (then this one must stop). */
  renew(): boolean {
    const r = this.sqlite
      .prepare('UPDATE sync_lease SET expires_at = ? WHERE id = 1 AND holder = ?')
      .run(this.now() + this.ttlMs, this.id);
    return r.changes === 1;
  }

  release(): void {
    this.sqlite.prepare('DELETE FROM sync_lease WHERE id = 1 AND holder = ?').run(this.id);
  }
}
