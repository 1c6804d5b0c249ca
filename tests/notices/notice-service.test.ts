/**
 * Notices after a sync, end to end in Node: the real core on a real SQLite file, the real Zoho
 * client against the sandbox over HTTP, the real scheduler. Only the host is missing: the test
 * reads the `notice` events and `notices.list` the renderer and the tray would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../src-shared/contract/notice-schemas';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';

let r: O2RRig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

/** Runs one scheduler sync (what the background loop, "Sync now" and the tray do) and its notice. */
async function syncAndLook(rig: O2RRig): Promise<Notice[]> {
  const emitted: Notice[] = [];
  const off = rig.core.subscribe((name, payload) => name === 'notice' && emitted.push(payload as Notice));
  await rig.core.ctx.sync.scheduler.runNow('auto', 'manual');
  await rig.core.ctx.notices.idle();
  off();
  return emitted;
}

/** Open opportunities that are neither RED nor BLOCKED now. */
async function calm(rig: O2RRig, n: number) {
  const list = await rig.call('o2r.list', {
    health: ['GREEN', 'YELLOW', 'NEEDS_UPDATE'],
    includeClosedLost: false,
    limit: 200,
  });
  expect(list.rows.length).toBeGreaterThanOrEqual(n);
  return list.rows.slice(0, n);
}

/** In the CRM: the closing date passed with no revenue recognized, so the deal turns RED. */
const makeLate = (rig: O2RRig, id: string) =>
  rig.sb.editDeal(id, { Closing_Date: '2024-01-31', OB_Recognition_Date: null });

describe('notices after a sync', () => {
  it('groups what turned RED or BLOCKED and the edits Zoho refused or that conflicted into one notice', async () => {
    r = await o2rRig({ deals: 80, seed: 9 });
    expect(await syncAndLook(r)).toEqual([]); // the first look only remembers what is RED already

    const [a, b, c, d, e] = await calm(r, 5);
    makeLate(r, a.id);
    makeLate(r, b.id);
    await r.call('o2r.blockers.add', { id: c.id, reason: 'Customer froze the budget' });
    // Zoho refuses an unknown stage (the local list is emptied so only Zoho can refuse it)…
    r.core.ctx.store.sqlite.exec('DELETE FROM deal_stages');
    await r.call('o2r.edit', { id: d.id, changes: { stage: 'Not A Real Stage' }, push: false });
    // …and a kickoff date changed in the CRM meanwhile is a conflict.
    await r.call('o2r.edit', { id: e.id, changes: { kickoff: '2026-03-03' }, push: false });
    r.sb.editDeal(e.id, { Kick_off_Date: '2026-05-05' });
    await r.call('o2r.syncBatchToCrm', { ids: [d.id, e.id] });

    const [notice, ...more] = await syncAndLook(r);
    expect(more).toEqual([]); // one notice for the whole sync
    expect(notice.items.map((i) => i.kind)).toEqual(['edits_rejected', 'health_worsened', 'health_worsened']);
    expect(notice.items[0]).toMatchObject({
      title: '2 edits need your attention',
      target: { screen: 'o2r', writeBackProblems: true },
    });
    expect(notice.items[0].detail).toMatch(/^1 refused by Zoho CRM, 1 conflict: /);
    expect(notice.items[1]).toMatchObject({
      title: `${c.name} turned BLOCKED`,
      target: { screen: 'o2r', dealId: c.id },
    });
    expect(notice.items[2]).toMatchObject({
      title: '2 opportunities turned RED',
      target: { screen: 'o2r', health: 'RED' },
    });
    expect(notice.items[2].detail).toContain(a.name);
    expect(notice.items[2].detail).toContain(b.name);
    expect(notice.target).toEqual({ screen: 'o2r', writeBackProblems: true });

    // Listed for windows opened later; dismissed for all of them.
    expect((await r.call('notices.list')).map((n) => n.id)).toEqual([notice.id]);
    expect(await r.call('notices.dismiss', { id: notice.id })).toEqual({ dismissed: true });
    expect((await r.call('notices.list'))[0].dismissed).toBe(true);

    // Said once: the next sync has nothing new to say.
    expect(await syncAndLook(r)).toEqual([]);
  });

  it('leaves out the kinds switched off in Settings, and does not say them later when switched on', async () => {
    r = await o2rRig({ deals: 60, seed: 10 });
    await syncAndLook(r);
    await r.call('settings.update', { notifyHealthWorsened: false });
    const [a] = await calm(r, 1);
    makeLate(r, a.id);
    expect(await syncAndLook(r)).toEqual([]);
    await r.call('settings.update', { notifyHealthWorsened: true });
    expect(await syncAndLook(r)).toEqual([]);
    const [b] = await calm(r, 1);
    makeLate(r, b.id);
    const [n] = await syncAndLook(r);
    expect(n.title).toBe(`${b.name} turned RED`);
  });

  it('a failing sync is said once until a sync succeeds, then again when it fails again', async () => {
    r = await o2rRig({ deals: 30, seed: 11 });
    r.sb.core.setFaults({ seed: 1, rates: { '500': 1 } });
    const [first] = await syncAndLook(r);
    expect(first.items).toEqual([
      expect.objectContaining({
        kind: 'sync_failed',
        title: 'Sync failed',
        target: { screen: 'settings', section: 'sync' },
      }),
    ]);
    expect(await syncAndLook(r)).toEqual([]); // the same failure every 15 minutes is said once
    r.sb.core.setFaults(null);
    expect(await syncAndLook(r)).toEqual([]);
    r.sb.core.setFaults({ seed: 2, rates: { '500': 1 } });
    expect((await syncAndLook(r)).map((n) => n.title)).toEqual(['Sync failed']);
  });

  it('"reconnect needed" when Zoho stops accepting the sign-in', async () => {
    r = await o2rRig({ deals: 20, seed: 12 });
    const token = r.sb.issueRefreshToken();
    r.core.ctx.connection.useDemo({ baseUrl: r.sb.baseUrl, ...r.sb.demoClient, refreshToken: token });
    await fetch(`${r.sb.baseUrl}/oauth/v2/token/revoke?token=${token}`, { method: 'POST' });
    const [n] = await syncAndLook(r);
    expect(n.items.map((i) => i.kind)).toEqual(['reconnect_needed']);
    expect(n.title).toBe('Reconnect to Zoho CRM');
    expect(n.target).toEqual({ screen: 'settings', section: 'connection' });
  });

  it('"sync on hold" when the fail-safe refuses a pull', async () => {
    r = await o2rRig({ deals: 40, seed: 13 });
    for (const d of r.sb.dumpDeals().slice(0, 30)) r.sb.core.deleteDeal(d.id);
    const [n] = await syncAndLook(r);
    expect(n.title).toBe('Sync on hold: your decision is needed');
    expect(n.body).toBe('It would remove 30 of your 40 deals; nothing was removed.');
  });
});
