/**
 * The week's first computation writes every opportunity's health to the history (docs/o2r.md,
 * "Health history"). At a million deals that write alone took ~1.5 s, which the O2R screens waited
 * for; now it follows the computation in slices of 20,000. These tests hold what a user relies on:
 * the screens answer before the history is written, the history then holds every opportunity with
 * the health the screens show, closing the app writes what is left, and a kill -9 before the last
 * slice loses nothing (the next start writes the missing part). Real SQLite files throughout.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDeals, normalizedDeals } from '../../src-main/bench/deal-fixture';
import { HISTORY_SLICE } from '../../src-main/core/o2r-store/health-history';
import { O2RService } from '../../src-main/core/o2r-store/o2r-service';
import { openStore, type Store } from '../../src-main/core/store/open-store';
import { weekOf } from '../../src-main/core/o2r/index';
import { tempDir } from '../helpers/temp-dir';

const TODAY = new Date().toISOString().slice(0, 10);
const WEEK = weekOf(TODAY).start;
/** More than two slices. */
const N = 2 * HISTORY_SLICE + 5_000;

const opened: { store: Store; o2r?: O2RService }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    o.o2r?.close();
    await o.store.close();
  }
});

/** A data folder holding N deals (made once, copied per test). */
let template: string | null = null;
async function folderWithDeals(): Promise<string> {
  if (!template) {
    template = tempDir('pulse-history-template-');
    const store = openStore(template);
    const { records, mapping } = normalizedDeals(N, 11);
    loadDeals(store, records, mapping);
    await store.close();
  }
  const dir = tempDir('pulse-history-');
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

function open(dir: string) {
  const store = openStore(dir);
  const o2r = new O2RService({ sqlite: store.sqlite, api: () => null, today: () => TODAY });
  opened.push({ store, o2r });
  return { store, o2r };
}

const recorded = (store: Store) =>
  store.sqlite.prepare('SELECT count(*) FROM o2r_health_history WHERE week = ?').pluck().get(WEEK) as number;
const LIST = { includeClosedLost: true, sort: 'name', descending: false, limit: 50, offset: 0 } as const;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function untilWritten(store: Store, o2r: O2RService): Promise<void> {
  await o2r.historyWritten();
  expect(recorded(store)).toBe(N);
}

/** Every recorded health of this week equals the health the O2R list shows for that deal. */
function historyMatchesScreens(store: Store, o2r: O2RService): void {
  const shown = new Map(o2r.list({ ...LIST, limit: N }).rows.map((b) => [b.id, b.health]));
  const rows = store.sqlite
    .prepare('SELECT deal_id, health FROM o2r_health_history WHERE week = ?')
    .raw()
    .all(WEEK) as [string, string][];
  expect(rows).toHaveLength(shown.size);
  expect(rows.filter(([id, health]) => shown.get(id) !== health)).toEqual([]);
}

describe("the week's health history", () => {
  it('the screens answer first; the history follows in slices and then holds what they show', async () => {
    const { store, o2r } = open(await folderWithDeals());
    const page = o2r.list(LIST);
    expect(page.total).toBeGreaterThan(0);
    expect(recorded(store)).toBe(0); // the list did not wait for the write
    await nextTurn();
    expect(recorded(store)).toBe(HISTORY_SLICE); // one slice per turn of the event loop
    await untilWritten(store, o2r);
    historyMatchesScreens(store, o2r);
  }, 120_000);

  it('after a restart the same week, the screens do not wait for the week to be read; only what differs is written', async () => {
    const dir = await folderWithDeals();
    const first = open(dir);
    first.o2r.list(LIST);
    await first.o2r.historyWritten();
    first.o2r.close();
    // While the app is closed, 100 recorded healths go stale (as a changed setting would leave them).
    const stale = first.store.sqlite
      .prepare(
        `UPDATE o2r_health_history SET health = CASE health WHEN 'BLOCKED' THEN 'GREEN' ELSE 'BLOCKED' END
         WHERE week = ? AND deal_id IN (SELECT deal_id FROM o2r_health_history WHERE week = ? ORDER BY deal_id LIMIT 100)`,
      )
      .run(WEEK, WEEK).changes;
    expect(stale).toBe(100);

    const { store, o2r } = open(dir);
    const changes = () => store.sqlite.prepare('SELECT total_changes()').pluck().get() as number;
    o2r.list(LIST);
    const mismatched = () => {
      const shown = new Map(o2r.list({ ...LIST, limit: N }).rows.map((b) => [b.id, b.health]));
      const rows = store.sqlite
        .prepare('SELECT deal_id, health FROM o2r_health_history WHERE week = ?')
        .raw()
        .all(WEEK) as [string, string][];
      return rows.filter(([id, health]) => shown.get(id) !== health).length;
    };
    expect(mismatched()).toBe(100); // the list answered before the week was read
    const before = changes();
    await o2r.historyWritten();
    expect(changes() - before).toBe(100);
    historyMatchesScreens(store, o2r);
  }, 120_000);

  it('closing the app before the last slice writes the rest', async () => {
    const dir = await folderWithDeals();
    const { store, o2r } = open(dir);
    o2r.list(LIST);
    o2r.close();
    expect(recorded(store)).toBe(N);
  }, 120_000);

  it('a kill -9 before the history is written loses nothing: the next start writes the week', async () => {
    const dir = await folderWithDeals();
    // A real process computes the O2R list and is killed before the next turn of its event loop.
    const script = path.join(dir, 'kill-after-list.mts');
    fs.writeFileSync(
      script,
      `import { openStore } from ${JSON.stringify(path.resolve('src-main/core/store/open-store.ts'))};
       import { O2RService } from ${JSON.stringify(path.resolve('src-main/core/o2r-store/o2r-service.ts'))};
       const store = openStore(${JSON.stringify(dir)});
       const o2r = new O2RService({ sqlite: store.sqlite, api: () => null, today: () => ${JSON.stringify(TODAY)} });
       o2r.list(${JSON.stringify(LIST)});
       process.kill(process.pid, 'SIGKILL');`,
    );
    let killedBy: string | null = null;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', script], { stdio: 'pipe' });
    } catch (e) {
      killedBy = (e as { signal: string | null }).signal;
    }
    expect(killedBy).toBe('SIGKILL');
    const { store, o2r } = open(dir);
    expect(recorded(store)).toBeLessThan(N); // the kill came before the history was complete
    o2r.list(LIST);
    await untilWritten(store, o2r);
    historyMatchesScreens(store, o2r);
  }, 120_000);
});
