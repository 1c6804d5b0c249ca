import { afterEach, describe, expect, it } from 'vitest';
import { weekOf } from '../../src-main/core/o2r/index';
import { localToday } from '../../src-main/core/o2r-store/o2r-service';
import { runPulse } from '../helpers/pulse-process';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';

let r: O2RRig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

const settle = () => new Promise((res) => setTimeout(res, 1100)); // syncs are folded in after a quiet second

describe('local O2R data, weekly review and quality alerts', () => {
  it('blockers, comments, the strategic flag and review notes survive a sync that changes the deal', async () => {
    r = await o2rRig();
    const id = r.sb.dumpDeals()[5].id;
    const b = await r.call('o2r.blockers.add', { id, reason: 'Customer legal review' });
    await r.call('o2r.comment', { id, text: 'Spoke to procurement' });
    await r.call('o2r.setStrategic', { id, strategic: true });
    await r.call('o2r.review.setNote', { id, note: 'Escalate next week' });
    let d = (await r.call('o2r.get', { id }))!;
    expect(d.opportunity.health).toBe('BLOCKED');
    expect(d.opportunity.requiresAttention).toBe(true);

    r.sb.editDeal(id, { Amount: 999_999, Description: 'edited in Zoho' });
    await r.sync();
    await settle();
    d = (await r.call('o2r.get', { id }))!;
    expect(d.blockers.map((x) => x.reason)).toEqual(['Customer legal review']);
    expect(d.comments.map((x) => x.text)).toEqual(['Spoke to procurement']);
    expect(d.opportunity.strategic).toBe(true);
    expect(d.opportunity.health).toBe('BLOCKED');
    const review = await r.call('o2r.review.get', { limit: 5000 });
    expect(review.rows.find((x) => x.id === id)?.note).toBe('Escalate next week');

    await r.call('o2r.blockers.resolve', { blockerId: b.id, resolution: 'signed' });
    d = (await r.call('o2r.get', { id }))!;
    expect(d.opportunity.openBlockers).toBe(0);
    expect(d.opportunity.health).not.toBe('BLOCKED');
  });

  it('list filters and settings: a threshold change recomputes every opportunity', async () => {
    r = await o2rRig();
    const all = await r.call('o2r.list', { limit: 1 });
    expect(all.total).toBe(60);
    const red = await r.call('o2r.list', {
      health: ['RED'],
      limit: 500,
    });
    expect(red.rows.every((x) => x.health === 'RED')).toBe(true);
    expect(red.total).toBe(all.byHealth.RED);
    const attention = await r.call('o2r.list', {
      requiresAttention: true,
      limit: 500,
    });
    expect(attention.rows.every((x) => x.requiresAttention)).toBe(true);
    // Nothing is stale when "stale" means a decade.
    await r.call('o2r.settings.update', { thresholds: { staleDays: 3650 } });
    expect((await r.call('o2r.settings.get')).thresholds).toMatchObject({ staleDays: 3650, proposalToPoDays: 30 });
    expect((await r.call('o2r.list', { health: ['NEEDS_UPDATE'] })).total).toBe(0);
    const bad = await r.core.dispatch('o2r.settings.update', { thresholds: { staleDays: -1 } });
    expect(!bad.ok && bad.error.name).toBe('ValidationError');
  });

  it('weekly review: updated-this-week, movement from the previous week, insights, notes and reviewed marks', async () => {
    r = await o2rRig();
    const today = localToday();
    const week = weekOf(today);
    const prevMonday = weekOf(
      new Date(Date.parse(`${week.start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
    ).start;
    const opps = await r.call('o2r.list', { limit: 500 });
    const [a, b, c] = opps.rows.filter((o) => o.health !== 'BLOCKED' && o.health !== 'GREEN').map((o) => o.id);
    // Last week: a was GREEN (so it deteriorated), b was BLOCKED (so it improved); c has no history.
    const put = r.core.ctx.store.sqlite.prepare(
      'INSERT INTO o2r_health_history (week, deal_id, health) VALUES (?, ?, ?)',
    );
    put.run(prevMonday, a, 'GREEN');
    put.run(prevMonday, b, 'BLOCKED');
    await r.call('o2r.review.markReviewed', { id: a });
    await r.call('o2r.edit', { id: c, changes: { proposal: today }, push: false });
    const rev = await r.call('o2r.review.get', { limit: 5000 });
    expect(rev.week).toEqual(week);
    expect(rev.total).toBe(60);
    const row = (id: string) => rev.rows.find((x) => x.id === id)!;
    expect(row(a).movement).toBe('deteriorated');
    expect(row(a).reviewed).toBe(true);
    expect(row(b).movement).toBe('improved');
    expect(row(c).movement).toBe('new');
    expect(row(c).updatedThisWeek).toBe(true);
    expect(row(c).daysSinceUpdate).toBe(0);
    expect(rev.insights.reviewed).toBe(1);
    expect(rev.insights.overall.healthScore).toBeGreaterThan(0);
    expect(rev.insights.overall.shareUpdated).toBeGreaterThan(0);
    expect(Object.values(rev.insights.byPhase).reduce((n, x) => n + x.total, 0)).toBe(rev.insights.overall.total);
    expect(Object.keys(rev.insights.byTerritory).length).toBeGreaterThan(0);
    expect(Object.keys(rev.insights.byServiceLine).length).toBeGreaterThan(0);
    // This week's health is recorded, so next week's review can tell how it moved.
    const recorded = r.core.ctx.store.sqlite
      .prepare('SELECT count(*) FROM o2r_health_history WHERE week = ?')
      .pluck()
      .get(week.start);
    expect(recorded).toBe(60);
  });

  it('data-quality alerts from consecutive syncs: amount, probability, closing date, stage backwards', async () => {
    r = await o2rRig();
    const deals = r.sb.dumpDeals();
    const pick = (pred: (d: Record<string, unknown>) => boolean) => deals.find(pred)!;
    const amt = pick((d) => typeof d.Amount === 'number' && (d.Amount as number) > 0);
    const prob = pick(
      (d) =>
        d.id !== amt.id &&
        typeof d.Probability === 'number' &&
        (d.Probability as number) >= 60 &&
        !String(d.Stage).includes('Closed'),
    );
    const close = pick((d) => d.id !== amt.id && d.id !== prob.id && typeof d.Closing_Date === 'string');
    await r.call('o2r.alerts', {}); // the first look records every deal's values: no alerts yet
    r.sb.editDeal(amt.id, { Amount: (amt.Amount as number) * 3 });
    r.sb.editDeal(prob.id, { Probability: (prob.Probability as number) - 40 });
    const pushed = new Date(Date.parse(`${close.Closing_Date as string}T00:00:00Z`) + 120 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    r.sb.editDeal(close.id, { Closing_Date: pushed });
    await r.sync();
    await settle();
    const alerts = await r.call('o2r.alerts', {});
    const kinds = (id: string) => alerts.filter((a) => a.dealId === id).map((a) => a.kind);
    expect(kinds(amt.id)).toContain('amount_changed');
    expect(kinds(prob.id)).toContain('probability_dropped');
    expect(kinds(close.id)).toContain('closing_date_pushed');
    // Stage moved backwards (needs the org's stage order, which the sync stored).
    const stages = r.core.ctx.store.sqlite
      .prepare('SELECT name FROM deal_stages ORDER BY sequence')
      .pluck()
      .all() as string[];
    const late = deals.find(
      (d) => stages.indexOf(String(d.Stage)) >= 3 && !String(d.Stage).toLowerCase().includes('lost'),
    )!;
    r.sb.editDeal(late.id, { Stage: stages[0] });
    await r.sync();
    await settle();
    expect((await r.call('o2r.alerts', { id: late.id })).map((a) => a.kind)).toContain('stage_backwards');
  });

  it('pulse export opportunities writes one row per opportunity (CSV and JSON)', async () => {
    r = await o2rRig({ deals: 30 });
    const id = r.sb.dumpDeals()[0].id;
    await r.call('o2r.edit', { id, changes: { po: '2026-03-09' }, push: false });
    await r.core.close();
    const json = await runPulse(['export', 'opportunities', '--format', 'json', '--data-dir', r.dataDir]);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(30);
    expect(rows.find((x) => x.id === id)).toMatchObject({ poDate: '2026-03-09' });
    expect(Object.keys(rows[0])).toEqual(
      expect.arrayContaining(['phase', 'health', 'healthReasons', 'nextAction', 'proposalDate', 'revenueDate']),
    );
    const csv = await runPulse(['export', 'opportunities', '--format', 'csv', '--data-dir', r.dataDir]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split(/\r?\n/);
    expect(csv.stdout.startsWith('\uFEFF')).toBe(true); // UTF-8 with a BOM, so Excel reads it right
    expect(lines[0]).toMatch(/^id,name,/); // (trim() drops the BOM)
    expect(lines).toHaveLength(31);
    // Reopen so afterEach can close cleanly.
    r.core = (await import('../../src-main/core/core')).createCore({
      dataDir: r.dataDir,
      host: 'test',
      sync: { autoStart: false },
    });
  });
});
