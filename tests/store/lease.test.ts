import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { Lease } from '../../src-main/core/store/lease';
import { openStore, type Store } from '../../src-main/core/store/open-store';
import { tempDir } from '../helpers/temp-dir';

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

// The sync and the O2R outbox pusher hold the same kind of lease, each in its own table.
describe.each(['sync_lease', 'o2r_push_lease'] as const)('the %s lease', (table) => {
  it('one holder at a time; an expired or dead holder does not block; a lost lease is noticed', () => {
    store = openStore(tempDir());
    let now = 1_000_000;
    const a = new Lease(store.sqlite, table, 30_000, () => now);
    const b = new Lease(store.sqlite, table, 30_000, () => now);
    expect(a.tryAcquire()).toBe(true);
    expect(a.tryAcquire()).toBe(true); // already held: still ours
    expect(b.tryAcquire()).toBe(false);
    expect(b.heldElsewhere()).toBe(true);
    now += 29_000;
    expect(a.renew()).toBe(true);
    now += 29_000;
    expect(b.tryAcquire()).toBe(false); // renewed: not expired yet
    now += 2_000; // a's process hung or was killed elsewhere: the lease expires
    expect(b.tryAcquire()).toBe(true);
    expect(a.renew()).toBe(false); // a finds out it lost the lease and stops
    b.release();
    expect(b.current()).toBeNull();

    // A holder on this machine whose pid is gone is ignored at once, long before it expires.
    const ghost = new Lease(store.sqlite, table, 3_600_000, () => now);
    expect(ghost.tryAcquire()).toBe(true);
    store.sqlite.prepare(`UPDATE ${table} SET pid = 999999, host = ?`).run(os.hostname());
    expect(a.heldElsewhere()).toBe(false);
    expect(a.tryAcquire()).toBe(true);
    expect(a.current()).toMatchObject({ holder: a.holder, pid: process.pid, host: os.hostname() });
  });
});
