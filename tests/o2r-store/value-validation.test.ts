import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSummarySchema } from '../../src-shared/contract/schemas';
import { o2rRig, putCalls, type O2RRig } from '../helpers/o2r-rig';

/**
 * Issue 18, defects 7 and 9: values the contract used to accept that no user means. Each is
 * refused with a message next to its field, and nothing is written or sent to Zoho.
 */
describe('values no user means are refused', () => {
  let rig: O2RRig;
  let id: string;
  beforeAll(async () => {
    rig = await o2rRig({ deals: 40 });
    id = rig.sb.dumpDeals()[0].id;
  });
  afterAll(async () => rig?.close());

  const fails = async (name: string, args: unknown) => {
    const outcome = await rig.core.dispatch(name, args);
    expect(outcome.ok, `${name} ${JSON.stringify(args)}`).toBe(false);
    return (outcome as { error: { name: string; fields?: Record<string, string> } }).error;
  };

  it('a tiny currency override is refused, and one already stored never makes the dashboard Infinity (defect 7)', async () => {
    const error = await fails('currency.setOverride', { isoCode: 'USD', rate: 5e-324 });
    expect(error).toMatchObject({
      name: 'ValidationError',
      fields: { rate: expect.stringMatching(/at least 0.000000001/) },
    });
    expect((await fails('currency.setOverride', { isoCode: 'USD', rate: 1e300 })).fields?.rate).toMatch(/at most/);

    // A rate stored by an older version, before the bounds: conversion treats it as no rate.
    rig.core.ctx.store.sqlite
      .prepare("INSERT INTO currency_overrides (iso_code, rate, updated_at) VALUES ('USD', 5e-324, 'then')")
      .run();
    await rig.core.ctx.sync.recompute();
    const summary = await rig.call('dashboard.summary', {});
    // What crosses the wire: JSON, where Infinity would become null.
    const wire = JSON.parse(JSON.stringify(summary));
    expect(dashboardSummarySchema.safeParse(wire).success).toBe(true);
    expect(Number.isFinite(wire.pipelineHome)).toBe(true);
    expect(wire.unconvertedCount).toBeGreaterThan(0);
    await rig.call('currency.clearOverride', { isoCode: 'USD' });
  });

  it('an override for a currency the org does not have (defect 9)', async () => {
    const error = await fails('currency.setOverride', { isoCode: 'JPY', rate: 110 });
    expect(error.fields?.isoCode).toMatch(/JPY is not one of this org's currencies \(.*SGD.*USD/);
    const rates = await rig.call('currency.rates', {});
    expect(rates.currencies.map((c) => c.isoCode)).not.toContain('JPY');
  });

  it('milestone and closing dates like 0000-01-01 or 9999-12-31 (defect 9)', async () => {
    const puts = putCalls(rig.sb);
    for (const changes of [
      { kickoff: '0000-01-01' },
      { invoice: '9999-12-31' },
      { proposal: '1899-12-31' },
      { closingDate: '9999-12-31' },
    ]) {
      const error = await fails('o2r.edit', { id, changes, push: true });
      expect(error.name).toBe('ValidationError');
      expect(Object.values(error.fields ?? {}).join()).toMatch(/expected a date from 1990-01-01 to 2099-12-31/);
    }
    expect(await fails('o2r.editMilestones', { id, milestones: { po: '0000-01-01' } })).toMatchObject({
      name: 'ValidationError',
    });
    expect(await rig.call('o2r.edits', { id })).toEqual([]);
    expect(putCalls(rig.sb)).toBe(puts);
    // The edges themselves are fine.
    await rig.call('o2r.edit', { id, changes: { kickoff: '1990-01-01', invoice: '2099-12-31' }, push: false });
  });

  it('tracked roles empty or twice, an optional role not tracked (defect 9)', async () => {
    expect((await fails('o2r.settings.update', { trackedRoles: [] })).fields).toHaveProperty('trackedRoles');
    expect((await fails('o2r.settings.update', { trackedRoles: ['po', 'po'] })).fields).toHaveProperty('trackedRoles');
    expect((await fails('o2r.settings.update', { optionalRoles: ['sow', 'sow'] })).fields).toHaveProperty(
      'optionalRoles',
    );
    const untracked = await fails('o2r.settings.update', { trackedRoles: ['proposal', 'po', 'kickoff'] });
    expect(untracked.fields?.optionalRoles).toMatch(/not tracked, so it cannot be optional: sow/);
  });

  it('probability bands that overlap or run backwards (defect 9)', async () => {
    const backwards = await fails('o2r.settings.update', { probabilityPhases: { phase2From: 90, phase3From: 50 } });
    expect(backwards.fields?.probabilityPhases).toMatch(/the bounds must rise/);
    const overlap = await fails('o2r.settings.update', { probabilityPhases: { phase3From: 100 } });
    expect(overlap.fields?.probabilityPhases).toMatch(/phase 3 from \(100\) < phase 4 from \(100\)/);
    const thresholds = await fails('o2r.settings.update', {
      thresholds: { lowProbabilityWithKickoff: 85, highProbabilityNoPo: 80 },
    });
    expect(thresholds.fields?.['thresholds.lowProbabilityWithKickoff']).toMatch(/must be below/);
    // Nothing of it was stored; a sensible change still is.
    expect((await rig.call('o2r.settings.get')).probabilityPhases).toEqual({
      phase2From: 40,
      phase3From: 85,
      phase4From: 100,
    });
    await rig.call('o2r.settings.update', { probabilityPhases: { phase2From: 30 } });
  });
});
