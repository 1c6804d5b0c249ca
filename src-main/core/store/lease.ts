import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Database } from 'better-sqlite3';
import type { O2rPushLeaseTable, SyncLeaseTable } from './schema';

/** Who holds a lease (a row of a lease table). */
export type LeaseHolder = Pick<SyncLeaseTable & O2rPushLeaseTable, 'holder' | 'pid' | 'host'> & { expiresAt: number };

/**
 * The one-row tables that hold a lease: `sync_lease` (one sync per data folder, 002) and
 * `o2r_push_lease` (one outbox pusher per data folder, 004). sync_lease also records when it was taken.
 */
type LeaseTable = 'sync_lease' | 'o2r_push_lease';

/** A process on this machine that no longer exists cannot be holding anything. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One holder at a time per data folder, across processes (the app and `pulse`): a one-row table
 * with an expiry, taken in an IMMEDIATE transaction, renewed while the work runs and released at
 * its end. A holder that was killed stops blocking when its lease expires, or at once when it
 * lived on this machine and its pid is gone. The sync (`SyncEngine.lease`) and the O2R outbox
 * pusher each hold their own.
 */
export class Lease {
  readonly holder = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly read;
  private readonly take;
  private readonly extend;
  private readonly drop;

  constructor(
    private readonly sqlite: Database,
    table: LeaseTable,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.read = sqlite.prepare<[], Pick<SyncLeaseTable, 'holder' | 'pid' | 'host' | 'expires_at'>>(
      `SELECT holder, pid, host, expires_at FROM ${table} WHERE id = 1`,
    );
    const stamped = table === 'sync_lease';
    this.take = sqlite.prepare<[{ holder: string; pid: number; host: string; expiresAt: number; acquiredAt: string }]>(
      `INSERT INTO ${table} (id, holder, pid, host, expires_at${stamped ? ', acquired_at' : ''})
       VALUES (1, @holder, @pid, @host, @expiresAt${stamped ? ', @acquiredAt' : ''})
       ON CONFLICT(id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
         expires_at = excluded.expires_at${stamped ? ', acquired_at = excluded.acquired_at' : ''}`,
    );
    this.extend = sqlite.prepare<[number, string]>(`UPDATE ${table} SET expires_at = ? WHERE id = 1 AND holder = ?`);
    this.drop = sqlite.prepare<[string]>(`DELETE FROM ${table} WHERE id = 1 AND holder = ?`);
  }

  current(): LeaseHolder | null {
    const r = this.read.get();
    return r ? { holder: r.holder, pid: r.pid, host: r.host, expiresAt: r.expires_at } : null;
  }

  /** True while another live process holds the lease. */
  heldElsewhere(): boolean {
    const cur = this.current();
    return Boolean(
      cur &&
      cur.holder !== this.holder &&
      cur.expiresAt > this.now() &&
      !(cur.host === os.hostname() && cur.pid !== process.pid && !pidAlive(cur.pid)),
    );
  }

  /** True when this process now holds the lease (also when it already did). */
  tryAcquire(): boolean {
    return this.sqlite
      .transaction((): boolean => {
        if (this.heldElsewhere()) return false;
        const t = this.now();
        const host = os.hostname();
        this.take.run({
          holder: this.holder,
          pid: process.pid,
          host,
          expiresAt: t + this.ttlMs,
          acquiredAt: new Date(t).toISOString(),
        });
        return true;
      })
      .immediate();
  }

  /** Extends the lease; false when another process took it over (then this one must stop). */
  renew(): boolean {
    return this.extend.run(this.now() + this.ttlMs, this.holder).changes === 1;
  }

  release(): void {
    this.drop.run(this.holder);
  }
}
