import { afterEach, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/contract/schemas';
import { openStore, type Store } from '../../src-main/core/store/open-store';
import { SyncEngine } from '../../src-main/core/sync/engine';
import { SyncScheduler, type SchedulerState } from '../../src-main/core/sync/scheduler';
import { ReconnectNeededError } from '../../src-main/core/zoho/errors';
import type { ZohoApi } from '../../src-main/core/zoho/zoho-api';
import { tempDir } from '../helpers/temp-dir';
import { rig, sandboxClient, type Rig } from '../helpers/sync-rig';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls instead of fixed sleeps: a busy CI machine runs timers late, never early. */
async function waitFor(ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not reached in time');
    await sleep(10);
  }
}
let r: Rig | null = null;
let scheduler: SyncScheduler | null = null;
afterEach(async () => {
  scheduler?.stop();
  await r?.close();
  r = null;
});

it('syncs at start, then on every interval, and on a change notification', async () => {
  r = await rig({ deals: 100, seed: 2 });
  const kinds: string[] = [];
  scheduler = new SyncScheduler(r.engine, {
    intervalMs: async () => 250,
    notifyDebounceMs: 20,
    onResult: (x) => kinds.push(`${x.kind}:${x.status}`),
  });
  const t0 = Date.now();
  scheduler.start();
  await waitFor(() => kinds.length >= 3); // start + two intervals
  expect(Date.now() - t0).toBeGreaterThanOrEqual(500); // …and not before the intervals were due
  expect(kinds[0]).toBe('full:ok');
  expect(kinds.slice(1).every((k) => k === 'delta:ok')).toBe(true);
  expect(scheduler.nextSyncAt!.getTime()).toBeGreaterThan(Date.now());
  const before = kinds.length;
  scheduler.stop();
  scheduler = new SyncScheduler(r.engine, {
    intervalMs: async () => 60_000,
    notifyDebounceMs: 20,
    onResult: (x) => kinds.push(`${x.kind}:${x.status}`),
  });
  scheduler.start();
  await waitFor(() => kinds.length === before + 1);
  scheduler.notifyRemoteChange();
  scheduler.notifyRemoteChange(); // a burst is one sync
  await waitFor(() => kinds.length === before + 2);
  await sleep(200);
  expect(kinds.length).toBe(before + 2);
  expect(kinds.at(-1)).toBe('delta:ok');
});

it('pauses while offline, retries with backoff, and syncs at once when the network is back', async () => {
  r = await rig({ deals: 50, seed: 3 });
  const rr = r;
  const offline: ZohoApi = sandboxClient(rr.sb, { apiDomain: 'http://127.0.0.1:9', maxRetries: 0 });
  let api: ZohoApi = offline;
  const store: Store = openStore(tempDir());
  const engine = new SyncEngine({ sqlite: store.sqlite, getSettings: async () => DEFAULT_SETTINGS, getApi: () => api });
  const states: SchedulerState[] = [];
  const results: string[] = [];
  scheduler = new SyncScheduler(engine, {
    intervalMs: async () => 60_000,
    offlineRetryMs: 100,
    onStateChange: (s) => states.push(s),
    onResult: (x) => results.push(x.failure ?? x.status),
  });
  scheduler.start();
  await waitFor(() => results.filter((x) => x === 'offline').length >= 2); // retried with backoff
  expect(scheduler.state).toBe('offline');
  api = rr.client; // the network is back
  scheduler.networkRestored();
  await waitFor(() => results.at(-1) === 'ok');
  expect(scheduler.state).toBe('idle');
  expect(store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(50);
  await store.close();
});

it('stops on "reconnect needed" and resumes after a reconnect', async () => {
  r = await rig({ deals: 20, seed: 4 });
  const rr = r;
  let dead = true;
  const engine = new SyncEngine({
    sqlite: rr.store.sqlite,
    getSettings: async () => DEFAULT_SETTINGS,
    getApi: () => {
      if (dead) throw new ReconnectNeededError();
      return rr.client;
    },
  });
  let runs = 0;
  scheduler = new SyncScheduler(engine, { intervalMs: async () => 50, onResult: () => runs++ });
  scheduler.start();
  await waitFor(() => scheduler!.state === 'reconnect_needed');
  await sleep(200);
  expect(runs).toBe(1); // no retry storm
  expect(scheduler.nextSyncAt).toBeNull();
  dead = false;
  scheduler.resume();
  await waitFor(() => runs >= 2);
  await engine.idle();
  expect(rr.store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(20);
});

it('pauses background sync: no interval or notification syncs, "Sync now" still runs, resume syncs at once', async () => {
  r = await rig({ deals: 60, seed: 4 });
  const results: string[] = [];
  const states: SchedulerState[] = [];
  scheduler = new SyncScheduler(r.engine, {
    intervalMs: async () => 100,
    notifyDebounceMs: 20,
    onStateChange: (s) => states.push(s),
    onResult: (x) => results.push(`${x.kind}:${x.status}`),
  });
  scheduler.start();
  await waitFor(() => results.length >= 1);
  scheduler.pause();
  await waitFor(() => scheduler!.state === 'paused'); // a run in flight finishes first
  const settled = results.length;
  expect(scheduler.nextSyncAt).toBeNull();
  scheduler.notifyRemoteChange();
  await sleep(400); // four intervals and a debounced notification would have run by now
  expect(results.length).toBe(settled);

  await scheduler.runNow('delta', 'manual'); // the user's "Sync now" while paused
  expect(results.length).toBe(settled + 1);
  expect(scheduler.state).toBe('paused');
  expect(scheduler.nextSyncAt).toBeNull();

  scheduler.unpause();
  await waitFor(() => results.length >= settled + 2); // resuming syncs right away…
  await waitFor(() => scheduler!.state === 'idle');
  expect(scheduler.nextSyncAt).not.toBeNull(); // …and plans the next one
  expect(states).toContain('paused');
});
