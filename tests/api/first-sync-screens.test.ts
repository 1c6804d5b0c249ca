/**
 * Every screen's data while the first full sync of a large org is running. The first sync drops
 * the `deals` indexes for its bulk load; a screen that depends on one (the dashboard once named
 * `deals_dashboard`) failed with "no such index" for the whole sync. Here every read call the
 * renderer's screens make is answered, round after round, while 40,000 deals land — and after.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallArgs, CallName } from '../../src-shared/contract/calls';
import { createCore, type Core } from '../../src-main/core/core';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { REPO_ROOT } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';

const DEALS = 40_000;

/** What the screens read, with the arguments they pass (the page, a filter, a search…). */
const READS: { [K in CallName]?: CallArgs<K>[] } = {
  'app.info': [{}],
  'settings.get': [{}],
  'sync.status': [{}],
  'dashboard.summary': [{}, { probabilityMin: 10, probabilityMax: 89, closingFrom: '2026-01-01' }],
  'dashboard.view': [{}, { closing: 'thisQuarter', probabilityMin: 10, probabilityMax: 89, serviceLine: 'Consulting' }],
  'dashboard.history': [{}, { owner: 'Ana' }],
  'deals.moved': [{ filter: {} }, { from: '2026-01-01', filter: { openOnly: true } }],
  'deals.filterOptions': [{}],
  'filters.get': [{}],
  'o2r.alerts': [{ sinceDays: 30, limit: 5000 }],
  'deals.list': [
    { limit: 50, sort: 'closingDate', descending: true },
    { search: 'a', limit: 50, offset: 50 },
    { filter: { closing: 'thisYear', search: 'a' }, limit: 100, offset: 100, sort: 'stage' },
  ],
  'o2r.list': [{ limit: 50 }, { phase: 2, health: ['RED'], includeClosedLost: false, limit: 50 }],
  'o2r.board': [{}, { health: ['RED'], search: 'a', includeClosedLost: false, limits: { 2: 40 } }],
  'o2r.settings.get': [{}],
  'o2r.review.get': [
    { limit: 50 },
    { show: 'open', search: 'a', sort: 'name', descending: true, limit: 50, offset: 50 },
  ],
  'o2r.get': [{ id: '0' }],
  'o2r.stages': [{}],
  'o2r.outbox': [{}, { status: ['conflict'] }],
  'o2r.syncStatus': [{}],
  'sync.history': [{ limit: 15 }],
  'fields.mapping.get': [{}],
  'currency.rates': [{}],
  'connection.status': [{}],
  'connection.regions': [{}],
  'workspace.status': [{}],
  'workspace.list': [{}],
  'notices.list': [{}],
  'store.status': [{}],
  'webhook.status': [{}],
};
/** Calls that change something or act on a file the user picked: made by buttons, not by a screen loading. */
const WRITES = new Set<string>([
  'settings.update',
  'sync.run',
  'sync.failsafe.confirm',
  'fields.mapping.update',
  'currency.setOverride',
  'currency.clearOverride',
  'connection.startBrowserSignIn',
  'connection.cancelBrowserSignIn',
  'connection.connectWithGrantCode',
  'connection.connectWithRefreshToken',
  'connection.test',
  'connection.disconnect',
  'o2r.review.setNote',
  'o2r.review.markReviewed',
  'o2r.edit',
  'o2r.syncToCrm',
  'o2r.syncMilestonesToCrm',
  'o2r.syncBatchToCrm',
  'o2r.resolveConflict',
  'o2r.discardEdit',
  'o2r.blockers.add',
  'o2r.blockers.resolve',
  'o2r.comment',
  'o2r.setStrategic',
  'o2r.settings.update',
  'o2r.settings.reset',
  'sync.failsafe.keep',
  'sync.setPaused',
  'notices.dismiss',
  'workspace.open',
  'workspace.resetDemo',
  'export.create',
  'import.begin',
  'import.chunk',
  'import.cancel',
  'import.analyze',
  'import.check',
  'import.run',
  'store.restore',
  'webhook.setup',
  'webhook.test',
  'webhook.disable',
  'filters.set',
]);

/** Every call name the renderer's code makes. */
function rendererCalls(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(svelte|ts)$/.test(e.name))
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bcall\('([\w.]+)'/g)) names.add(m[1]);
    }
  };
  walk(path.join(REPO_ROOT, 'src-renderer', 'src'));
  return names;
}

let sb: Sandbox;
let core: Core;
beforeAll(async () => {
  sb = await startSandbox({ deals: DEALS, seed: 11, latencyMs: 100 });
  core = createCore({
    dataDir: tempDir('pulse-first-sync-'),
    host: 'test',
    demo: true,
    // Pages of 1,000, two at a time: the load takes long enough to read every screen several times.
    sync: { autoStart: false, engine: { pageSize: 1000, concurrency: 2 } },
  });
  core.ctx.connection.useDemo({ baseUrl: sb.baseUrl, ...sb.demoClient, refreshToken: sb.issueRefreshToken() });
});
afterAll(async () => {
  await core?.close();
  await sb?.close();
});

/** Reads every screen's data once; returns the failures as "name: message". */
async function readEveryScreen(opportunityId: string | null): Promise<string[]> {
  const failures: string[] = [];
  const calls: [string, unknown][] = Object.entries(READS).flatMap(([name, list]) =>
    (list as unknown[]).map((args): [string, unknown] => [name, args]),
  );
  if (opportunityId)
    calls.push(
      ['o2r.get', { id: opportunityId }],
      ['deals.get', { id: opportunityId }],
      ['deals.history', { id: opportunityId }],
    );
  for (const [name, args] of calls) {
    const out = await core.dispatch(name, args);
    if (!out.ok) failures.push(`${name}: ${out.error.name}: ${out.error.message}`);
  }
  return failures;
}

it('the test reads every call the renderer makes to show a screen', () => {
  const byId = new Set(['o2r.get', 'deals.get', 'deals.history']);
  const unclassified = [...rendererCalls()].filter((n) => !(n in READS) && !byId.has(n) && !WRITES.has(n));
  expect(unclassified).toEqual([]);
});

it('every screen answers while a first full sync of 40,000 deals runs, and after it', async () => {
  const sqlite = core.ctx.store.sqlite;
  const indexesDropped = () =>
    sqlite
      .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'deals_dashboard'")
      .pluck()
      .get() === 0;
  const failures: string[] = [];
  let rounds = 0;
  let roundsWithoutIndexes = 0;
  let reading: Promise<void> | null = null;
  // Like the renderer: every screen reloads when main says pages of deals landed (every ~2 s).
  const off = core.ctx.sync.engine.events.pagesCommitted.on(() => {
    if (reading) return;
    const dropped = indexesDropped();
    const someId = sqlite.prepare('SELECT id FROM deals LIMIT 1').pluck().get() as string;
    reading = readEveryScreen(someId).then((failed) => {
      failures.push(...failed);
      rounds++;
      if (dropped) roundsWithoutIndexes++;
      reading = null;
    });
  });
  const result = await core.ctx.sync.runToEnd('full');
  off();
  await reading;
  expect(result).toMatchObject({ status: 'ok', kind: 'full', added: DEALS });
  expect(failures).toEqual([]);
  // The reads really happened mid-load, with the indexes gone.
  expect(roundsWithoutIndexes).toBeGreaterThanOrEqual(1);
  expect(rounds).toBeGreaterThanOrEqual(roundsWithoutIndexes);

  const id = sqlite.prepare('SELECT id FROM deals LIMIT 1').pluck().get() as string;
  expect(await readEveryScreen(id)).toEqual([]);
  expect(indexesDropped()).toBe(false);
  expect((await core.call('dashboard.summary', {})).dealCount).toBe(DEALS);
  expect((await core.call('o2r.list', { limit: 1 })).overview.total).toBe(DEALS);
}, 240_000);
