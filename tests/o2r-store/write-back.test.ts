import { afterEach, describe, expect, it } from 'vitest';
import type { ZohoApi, ZohoRequest } from '../../src-main/core/zoho/zoho-api';
import { startSandbox } from '../../src-main/sandbox/index';
import { countWrites, crmDeal, o2rRig, putCalls, type O2RRig } from '../helpers/o2r-rig';

let r: O2RRig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

const until = async (what: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((res) => setTimeout(res, 25));
  }
};

describe('O2R write-back against the sandbox (real client, real SQLite)', () => {
  it('an edit is pending at once, then pushed; Zoho holds the value and the edit is confirmed', async () => {
    r = await o2rRig();
    const id = r.sb.dumpDeals()[3].id;
    const res = await r.call('o2r.edit', { id, changes: { po: '2026-03-01', kickoff: null }, push: false });
    expect(res.edits.length).toBeGreaterThan(0);
    expect(res.edits.every((e) => e.status === 'pending')).toBe(true);
    expect(res.opportunity.milestones.po).toBe('2026-03-01');
    expect(res.opportunity.syncState).toBe('pending');
    // The local deal row is updated in the same transaction: the Deals screen shows it too.
    expect((await r.call('deals.get', { id }))!.closingDate).toBeTruthy();
    expect(r.core.ctx.store.sqlite.prepare('SELECT po_date FROM deals WHERE id = ?').pluck().get(id)).toBe(
      '2026-03-01',
    );

    const report = await r.call('o2r.syncToCrm', { id });
    expect(report.puts).toBe(1);
    expect(crmDeal(r.sb, id).PO_Generation_Date).toBe('2026-03-01');
    expect(crmDeal(r.sb, id).Kick_off_Date).toBeNull();
    const edits = await r.call('o2r.edits', { id });
    expect(edits.every((e) => e.status === 'confirmed')).toBe(true);
    expect((await r.call('o2r.syncStatus')).queued).toBe(0);
    // A sync afterwards brings the CRM's (now equal) values: nothing flips back.
    await r.sync();
    expect((await r.call('o2r.get', { id }))!.opportunity.syncState).toBe('synced');
  });

  it('milestones only: syncMilestonesToCrm leaves a stage edit queued', async () => {
    r = await o2rRig();
    const id = r.sb.dumpDeals()[4].id;
    await r.call('o2r.edit', { id, changes: { invoice: '2026-01-15', probability: 42 }, push: false });
    const rep = await r.call('o2r.syncMilestonesToCrm', { id });
    expect(rep.confirmed).toBe(1);
    expect(crmDeal(r.sb, id).Invoice_Date).toBe('2026-01-15');
    expect(crmDeal(r.sb, id).Probability).not.toBe(42);
    const edits = await r.call('o2r.edits', { id, status: ['pending'] });
    expect(edits.map((e) => e.field)).toEqual(['probability']);
    await r.call('o2r.syncToCrm', { id });
    expect(crmDeal(r.sb, id).Probability).toBe(42);
  });

  it('an edit made offline (Zoho unreachable) is pushed by itself once the connection is back', async () => {
    const sb = await startSandbox({ deals: 40, seed: 9 });
    const port = Number(new URL(sb.baseUrl).port);
    await sb.close();
    // The app host pushes by itself (autoPush); the sandbox is down while the user edits.
    r = await o2rRig({ port, deals: 40, seed: 9 }, { o2r: { autoPush: true, pushDebounceMs: 10 } });
    const id = r.sb.dumpDeals()[2].id;
    await r.sb.close();
    const res = await r.call('o2r.edit', { id, changes: { revenue: '2026-02-02' } });
    expect(res.edits[0].status).toBe('pending');
    // The automatic push tried and could not reach Zoho.
    await until(async () => (await r!.call('o2r.edits', { id }))[0].errorCode === 'NETWORK_ERROR');
    await r.core.ctx.o2r.idle();
    const waiting = (await r.call('o2r.edits', { id }))[0];
    expect(waiting.status).toBe('pending'); // never sent: still pending, with the reason
    expect(waiting.errorCode).toBe('NETWORK_ERROR');

    // The connection comes back (a new sandbox on the same address, same data).
    r.sb = await startSandbox({ port, deals: 40, seed: 9 });
    r.connect(); // the connection announces its new state; the O2R service pushes on it
    await until(() => crmDeal(r!.sb, id).OB_Recognition_Date === '2026-02-02');
    await until(async () => (await r!.call('o2r.edits', { id }))[0].status === 'confirmed');
  });

  it('the same field edited in the CRM meanwhile is a conflict, not an overwrite; keep mine and take CRM both work', async () => {
    r = await o2rRig();
    const [a, b, c] = r.sb
      .dumpDeals()
      .slice(10, 13)
      .map((d) => d.id);
    for (const id of [a, b, c]) await r.call('o2r.edit', { id, changes: { kickoff: '2026-03-03' }, push: false });
    r.sb.editDeal(a, { Kick_off_Date: '2026-05-05' });
    r.sb.editDeal(b, { Kick_off_Date: '2026-06-06' });
    r.sb.editDeal(c, { Description: 'changed in the CRM, another field' }); // not a conflict
    const writes = countWrites(r.sb);
    const rep = await r.call('o2r.syncBatchToCrm', { ids: [a, b, c] });
    expect(rep.conflicts).toBe(2);
    expect(rep.confirmed).toBe(1);
    expect(crmDeal(r.sb, a).Kick_off_Date).toBe('2026-05-05');
    expect(crmDeal(r.sb, b).Kick_off_Date).toBe('2026-06-06');
    expect(crmDeal(r.sb, c).Kick_off_Date).toBe('2026-03-03');
    expect(writes.get(`${a}.Kick_off_Date`)).toBeUndefined();

    const [ea] = await r.call('o2r.edits', { id: a });
    expect(ea.status).toBe('conflict');
    expect(ea.newValue).toBe('2026-03-03');
    expect(ea.crmValue).toBe('2026-05-05');
    expect((await r.call('o2r.list', { syncState: ['conflict'] })).rows.map((x) => x.id).sort()).toEqual([a, b].sort());

    // keep mine: pushed over the CRM's value
    await r.call('o2r.resolveConflict', { editId: ea.id, choice: 'keep_mine' });
    await r.call('o2r.syncToCrm', { id: a });
    expect(crmDeal(r.sb, a).Kick_off_Date).toBe('2026-03-03');
    expect((await r.call('o2r.edits', { id: a }))[0].status).toBe('confirmed');

    // take CRM's: the edit is discarded and the local copy shows the CRM's value
    const [eb] = await r.call('o2r.edits', { id: b });
    expect(await r.call('o2r.resolveConflict', { editId: eb.id, choice: 'take_crm' })).toBeNull();
    expect(await r.call('o2r.edits', { id: b })).toEqual([]);
    const got = (await r.call('o2r.get', { id: b }))!;
    expect(got.opportunity.syncState).toBe('synced');
    expect(got.opportunity.milestones.find((m) => m.role === 'kickoff')?.date).toBe('2026-06-06');
    expect(crmDeal(r.sb, b).Kick_off_Date).toBe('2026-06-06');
  });

  it('a batch of 10 where 3 deals change in the CRM after the re-read: 7 confirmed, 3 decided again, nothing overwritten', async () => {
    // One round per push, so what the first PUT settled is visible before anything is re-read.
    r = await o2rRig({}, { o2r: { pusher: { maxRounds: 1 } } });
    const ids = r.sb
      .dumpDeals()
      .slice(20, 30)
      .map((d) => d.id);
    for (const id of ids) await r.call('o2r.edit', { id, changes: { invoice: '2026-04-04' }, push: false });
    const [a, b, c] = ids.slice(2, 5);
    const writes = countWrites(r.sb);
    // Between the pusher's re-read and its PUT, a CRM user edits three of the deals: two on another
    // field, one on the very field being pushed. Zoho stamps them after the re-read, so the PUT's
    // If-Unmodified-Since makes it refuse those three (ALREADY_MODIFIED) and write the other seven.
    const api = r.core.ctx.connection.api();
    let edited = false;
    const racing: ZohoApi = {
      maxConcurrency: api.maxConcurrency,
      stats: () => api.stats(),
      request<T>(req: ZohoRequest) {
        if (req.method === 'PUT' && !edited) {
          edited = true;
          r!.sb.advanceClock(2000); // a moment after the re-read, so the CRM stamps them later
          r!.sb.editDeal(a, { Next_Step: 'Call the CFO' });
          r!.sb.editDeal(b, { Description: 'Scope grew' });
          r!.sb.editDeal(c, { Invoice_Date: '2026-05-05' });
        }
        return api.request<T>(req);
      },
    };
    const first = await r.core.ctx.o2r.pusher.push(racing, { dealIds: ids });
    expect(first).toMatchObject({ puts: 1, confirmed: 7, failed: 0, conflicts: 0, offline: false });
    const statusOf = async (id: string) => (await r!.call('o2r.edits', { id }))[0].status;
    for (const id of ids) expect(await statusOf(id), id).toBe([a, b, c].includes(id) ? 'pending' : 'confirmed');
    expect([a, b, c].map((id) => writes.get(`${id}.Invoice_Date`))).toEqual([undefined, undefined, undefined]);

    // The next push reads the three again: two still hold the value the edits were based on and
    // are sent; the third holds the CRM user's new date: a conflict, both values kept.
    const second = await r.call('o2r.syncBatchToCrm', { ids });
    expect(second).toMatchObject({ confirmed: 2, conflicts: 1, failed: 0 });
    expect(await statusOf(c)).toBe('conflict');
    expect(crmDeal(r.sb, a)).toMatchObject({ Invoice_Date: '2026-04-04', Next_Step: 'Call the CFO' });
    expect(crmDeal(r.sb, b)).toMatchObject({ Invoice_Date: '2026-04-04', Description: 'Scope grew' });
    expect(crmDeal(r.sb, c).Invoice_Date).toBe('2026-05-05');
    expect(writes.get(`${c}.Invoice_Date`)).toBeUndefined();
    for (const id of ids.filter((x) => x !== c)) {
      expect(crmDeal(r.sb, id).Invoice_Date).toBe('2026-04-04');
      expect(writes.get(`${id}.Invoice_Date`), id).toBe(1);
    }
  });

  it('a batch of 250 edits goes out in 3 PUTs', async () => {
    r = await o2rRig({ deals: 300 });
    const ids = r.sb
      .dumpDeals()
      .slice(0, 250)
      .map((d) => d.id);
    for (const id of ids) await r.call('o2r.edit', { id, changes: { payment: '2026-04-30' }, push: false });
    r.sb.resetStats();
    const rep = await r.call('o2r.syncBatchToCrm', { ids });
    expect(putCalls(r.sb)).toBe(3);
    expect(rep.puts).toBe(3);
    expect(rep.confirmed).toBe(250);
    expect(r.sb.dumpDeals().filter((d) => d.Payment_Received_Date === '2026-04-30').length).toBeGreaterThanOrEqual(250);
  });

  it('INVALID_DATA on one record fails that edit only, with Zoho\u2019s message', async () => {
    r = await o2rRig();
    const [bad, ok1, ok2] = r.sb
      .dumpDeals()
      .slice(20, 23)
      .map((d) => d.id);
    // The local stage list is empty here, so only Zoho can refuse the unknown stage.
    r.core.ctx.store.sqlite.exec('DELETE FROM deal_stages');
    await r.call('o2r.edit', { id: bad, changes: { stage: 'Not A Real Stage' }, push: false });
    await r.call('o2r.edit', { id: ok1, changes: { proposal: '2026-01-02' }, push: false });
    await r.call('o2r.edit', { id: ok2, changes: { proposal: '2026-01-03' }, push: false });
    const rep = await r.call('o2r.syncBatchToCrm', { ids: [bad, ok1, ok2] });
    expect(rep.failed).toBe(1);
    expect(rep.confirmed).toBe(2);
    const [e] = await r.call('o2r.edits', { id: bad });
    expect(e.status).toBe('failed');
    expect(e.errorCode).toBe('INVALID_DATA');
    expect(e.errorMessage).toContain('Stage');
    expect(crmDeal(r.sb, ok1).Proposal_Submission_date).toBe('2026-01-02');
    expect(crmDeal(r.sb, bad).Stage).not.toBe('Not A Real Stage');
    // The failed edit stays in the outbox until the user fixes or discards it.
    expect((await r.call('o2r.syncStatus')).failed).toBe(1);
    expect(await r.call('o2r.discardEdit', { editId: e.id })).toEqual({ discarded: true });
    expect((await r.call('o2r.syncStatus')).queued).toBe(0);
  });

  it('a lone edit Zoho refuses (the whole PUT answers 400) fails with Zoho\u2019s code and message, not a bare HTTP 400', async () => {
    r = await o2rRig();
    const bad = r.sb.dumpDeals()[30].id;
    r.core.ctx.store.sqlite.exec('DELETE FROM deal_stages');
    await r.call('o2r.edit', { id: bad, changes: { stage: 'Not A Real Stage' }, push: false });
    const rep = await r.call('o2r.syncBatchToCrm', { ids: [bad] });
    expect(rep.failed).toBe(1);
    const [e] = await r.call('o2r.edits', { id: bad });
    expect(e.status).toBe('failed');
    expect(e.errorCode).toBe('INVALID_DATA');
    expect(e.errorMessage).toContain('Stage');
  });

  it('invalid dates are rejected with a clear ValidationError and nothing is written', async () => {
    r = await o2rRig();
    const id = r.sb.dumpDeals()[1].id;
    const before = r.core.ctx.store.sqlite.prepare('SELECT * FROM deals WHERE id = ?').get(id);
    for (const changes of [
      { po: '2026-02-30' },
      { kickoff: '31/01/2026' },
      { po: '2026-03-01', invoice: '2026-13-01' },
      { probability: 101 },
      {},
    ]) {
      const out = await r.core.dispatch('o2r.edit', { id, changes });
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.error.name).toBe('ValidationError');
        expect(Object.keys(out.error.fields ?? {}).length).toBeGreaterThan(0);
      }
    }
    const bad = await r.core.dispatch('o2r.edit', { id, changes: { po: '2026-02-30' } });
    expect(!bad.ok && bad.error.fields?.['changes.po']).toMatch(/calendar date/);
    expect(r.core.ctx.store.sqlite.prepare('SELECT count(*) FROM o2r_edits').pluck().get()).toBe(0);
    expect(r.core.ctx.store.sqlite.prepare('SELECT * FROM deals WHERE id = ?').get(id)).toEqual(before);
  });

  it('a queued edit stays visible when a sync rewrites the deal with the CRM\u2019s values', async () => {
    r = await o2rRig();
    const id = r.sb.dumpDeals()[7].id;
    await r.call('o2r.edit', { id, changes: { sow: '2026-02-14' }, push: false });
    r.sb.editDeal(id, { Amount: 123456 });
    await r.sync();
    await new Promise((res) => setTimeout(res, 1100)); // the O2R side settles syncs after a quiet second
    const got = (await r.call('o2r.get', { id }))!;
    expect(got.opportunity.milestones.find((m) => m.role === 'sow')?.date).toBe('2026-02-14');
    expect(got.opportunity.syncState).toBe('pending');
    expect(r.core.ctx.store.sqlite.prepare('SELECT sow_date FROM deals WHERE id = ?').pluck().get(id)).toBe(
      '2026-02-14',
    );
  });
});
