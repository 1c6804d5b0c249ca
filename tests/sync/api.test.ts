/**
 * The sync through the API contract, as the renderer uses it: a core on the demo connection
 * (the sandbox), sync.run / status / history, events, field mapping and currency overrides.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallArgs, CallName, CallResult } from '../../src-shared/contract/calls';
import { createCore, type Core } from '../../src-main/core/core';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { tempDir } from '../helpers/temp-dir';

let sb: Sandbox;
let core: Core;
type Row = Record<string, number | string | null>;
const events: { name: string; payload: Record<string, unknown> & { topics?: string[] } }[] = [];

const call = <K extends CallName>(name: K, args: CallArgs<K> = {} as CallArgs<K>): Promise<CallResult<K>> =>
  core.call(name, args);

beforeAll(async () => {
  sb = await startSandbox({ deals: 800, seed: 12 });
  core = createCore({
    dataDir: tempDir(),
    host: 'test',
    demo: true,
    sync: { autoStart: false },
    connection: { clientTuning: { backoffBaseMs: 5, callsPerMinute: 1000 } },
  });
  core.ctx.connection.useDemo({
    baseUrl: sb.baseUrl,
    clientId: sb.demoClient.clientId,
    clientSecret: sb.demoClient.clientSecret,
    refreshToken: sb.issueRefreshToken(),
  });
  core.ctx.events.subscribe((name, payload) => events.push({ name, payload: payload as Record<string, unknown> }));
});
afterAll(async () => {
  await core?.close();
  await sb?.close();
});

it('sync.run starts a run in the background; status, history and events follow it', async () => {
  expect(await call('sync.run', { kind: 'full' })).toEqual({ started: true });
  expect(await call('sync.run', { kind: 'delta' })).toMatchObject({
    started: false,
    reason: expect.stringMatching(/already running/),
  });
  await core.ctx.sync.engine.idle();
  const status = await call('sync.status');
  expect(status).toMatchObject({
    connection: 'demo',
    inProgress: false,
    dealCount: 800,
    lastSyncKind: 'full',
    lastError: null,
    failsafe: null,
  });
  expect(status.lastSuccessAt).toBeTruthy();
  const { runs } = await call('sync.history', { limit: 5 });
  expect(runs[0]).toMatchObject({ kind: 'full', trigger: 'manual', status: 'ok', added: 800 });
  const progress = events.filter((e) => e.name === 'sync.progress').map((e) => e.payload);
  expect(progress.at(-1)).toMatchObject({ done: true, records: 800 });
  expect(progress.some((p) => p.phase === 'fetching')).toBe(true);
  expect(
    events.some(
      (e) => e.name === 'data.changed' && e.payload.topics?.includes('deals') && e.payload.topics?.includes('sync'),
    ),
  ).toBe(true);
  expect(events.some((e) => e.name === 'sync.status')).toBe(true);
});

it('fields.mapping.get shows the guesses; update validates, and a change asks for a full sync', async () => {
  const m = await call('fields.mapping.get');
  const role = (r: string) => m.roles.find((x) => x.role === r)!;
  expect(role('kickoff')).toMatchObject({ apiName: 'Kick_off_Date', source: 'guess', label: 'Kick-off Date' });
  expect(role('revenue').apiName).toBe('OB_Recognition_Date');
  expect(m.candidates.find((c) => c.apiName === 'Closing_Date')?.roles).toContain('proposal');

  await expect(call('fields.mapping.update', { mapping: { kickoff: 'Region' } })).rejects.toMatchObject({
    name: 'ValidationError',
  });
  await expect(call('fields.mapping.update', { mapping: { kickoff: 'No_Such_Field' } })).rejects.toMatchObject({
    fields: { 'mapping.kickoff': expect.stringMatching(/no Deal field/) },
  });

  const updated = await call('fields.mapping.update', { mapping: { territory: 'Country', payment: null } });
  expect(updated.roles.find((x) => x.role === 'territory')).toMatchObject({ apiName: 'Country', source: 'user' });
  expect(core.ctx.sync.engine.chooseKind('auto')).toBe('full');
  await core.ctx.sync.runToEnd('auto');
  const row = core.ctx.store.sqlite
    .prepare('SELECT territory, country, payment_date FROM deals WHERE payment_date IS NULL LIMIT 1')
    .get() as Row;
  expect(row.territory).toBe(row.country);
  expect(core.ctx.store.sqlite.prepare('SELECT count(*) FROM deals WHERE payment_date IS NOT NULL').pluck().get()).toBe(
    0,
  );
  // Back to the guesses.
  const reset = await call('fields.mapping.update', { reset: ['territory', 'payment'] });
  expect(reset.roles.find((x) => x.role === 'territory')).toMatchObject({ apiName: 'Region', source: 'guess' });
});

it('currency.rates lists org rates; an override recomputes home amounts and can be cleared', async () => {
  const rates = await call('currency.rates');
  expect(rates).toMatchObject({ homeCurrency: 'SGD', baseCurrency: 'SGD', unknownDeals: 0 });
  expect(rates.currencies.find((c) => c.isoCode === 'USD')).toMatchObject({
    orgRate: 0.74,
    override: null,
    source: 'org',
  });
  const usd = () =>
    core.ctx.store.sqlite
      .prepare("SELECT amount, amount_home, rate_source FROM deals WHERE currency = 'USD' LIMIT 1")
      .get() as Row;
  expect(usd().rate_source).toBe('deal');

  const after = await call('currency.setOverride', { isoCode: 'USD', rate: 0.5 });
  expect(after.currencies.find((c) => c.isoCode === 'USD')).toMatchObject({
    override: 0.5,
    effectiveRate: 0.5,
    source: 'override',
  });
  expect(usd()).toMatchObject({ rate_source: 'override', amount_home: (usd().amount as number) / 0.5 });
  await expect(call('currency.setOverride', { isoCode: 'usd', rate: 1 })).rejects.toMatchObject({
    name: 'ValidationError',
  });

  await call('currency.clearOverride', { isoCode: 'USD' });
  expect(usd().rate_source).toBe('deal');

  // Another home currency: every home amount follows (through the org's base currency).
  await call('settings.update', { homeCurrency: 'USD' });
  await new Promise((r) => setTimeout(r, 50));
  expect(usd()).toMatchObject({ rate_source: 'home' });
  const sgd = core.ctx.store.sqlite
    .prepare("SELECT amount, amount_home FROM deals WHERE currency = 'SGD' LIMIT 1")
    .get() as Row;
  expect(sgd.amount_home).toBeCloseTo((sgd.amount as number) * 0.74, 6);
  await call('settings.update', { homeCurrency: 'SGD' });
});

it('sync.failsafe.confirm answers a refused pull', async () => {
  expect(await call('sync.failsafe.confirm')).toMatchObject({
    started: false,
    reason: expect.stringMatching(/No sync is waiting/),
  });
  for (const d of sb.dumpDeals().slice(0, 700)) sb.deleteDeal(d.id);
  await core.ctx.sync.runToEnd('auto');
  const status = await call('sync.status');
  expect(status.failsafe).toMatchObject({ removals: 700, localCount: 800 }); // a full sync here: the mapping reset asked for one
  expect(status.dealCount).toBe(800);
  expect(await call('sync.failsafe.confirm')).toEqual({ started: true });
  await core.ctx.sync.engine.idle();
  expect(await call('sync.status')).toMatchObject({ dealCount: 100, failsafe: null });
});

it('sync.failsafe.keep is remembered on the main side for that question, until the removals change', async () => {
  for (const d of sb.dumpDeals().slice(0, 60)) sb.deleteDeal(d.id);
  await core.ctx.sync.runToEnd('auto');
  expect((await call('sync.status')).failsafe).toMatchObject({ removals: 60, localCount: 100, kept: false });

  const kept = await call('sync.failsafe.keep');
  expect(kept).toMatchObject({ dealCount: 100, failsafe: { removals: 60, kept: true } });
  // A later scheduled run meets the same question: the data stays and nobody is asked.
  await core.ctx.sync.runToEnd('auto');
  expect(await call('sync.status')).toMatchObject({ dealCount: 100, failsafe: { removals: 60, kept: true } });

  // More deals gone: another question, asked again.
  for (const d of sb.dumpDeals().slice(0, 5)) sb.deleteDeal(d.id);
  await core.ctx.sync.runToEnd('auto');
  expect((await call('sync.status')).failsafe).toMatchObject({ removals: 65, kept: false });
});
