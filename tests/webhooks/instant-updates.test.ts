/**
 * Instant updates end to end in Node: the sandbox's real callbacks → the real receiver → the sync
 * engine's lease → the SQLite store. (The screens and the 2-second check run in Chromium in
 * tests/e2e/instant-updates.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { channelSecrets, hookRig, openTunnel, type HookRig, type Tunnel } from '../helpers/webhook-rig';
import { WEBHOOK_TOKEN } from '../../src-main/core/connection/secret-names';

let r: HookRig | null = null;
let tunnel: Tunnel | null = null;
afterEach(async () => {
  await tunnel?.close();
  tunnel = null;
  await r?.close();
  r = null;
});

const setup = (rig: HookRig, publicUrl = rig.receiverUrl) =>
  rig.call('webhook.setup', { publicUrl, listenHost: '127.0.0.1', listenPort: rig.port });

const getsPerIds = (rig: HookRig) => rig.sb.stats().calls['GET /crm/v8/Deals'] ?? 0;

describe('instant updates', () => {
  it('set up: the channel is at Zoho, the round-trip test passes, the status says instant', async () => {
    r = await hookRig();
    const s = await setup(r);
    expect(s).toMatchObject({
      enabled: true,
      state: 'healthy',
      mode: 'instant',
      listening: true,
      events: ['Deals.all'],
    });
    expect(s.lastTest).toMatchObject({ ok: true });
    expect(s.channelId).toMatch(/^\d{13}$/);
    const list = await fetch(`${r.sb.baseUrl}/crm/v8/actions/watch`, {
      headers: { Authorization: `Zoho-oauthtoken ${await demoToken(r)}` },
    }).then((x) => x.json());
    expect(list.watch[0]).toMatchObject({ channel_id: s.channelId, notify_url: r.receiverUrl, events: ['Deals.all'] });
    // The token is in the (demo) secret store, nowhere in SQLite or the status.
    const dump = JSON.stringify(r.core.ctx.store.sqlite.prepare('SELECT * FROM sync_state').all());
    expect(dump).not.toContain(list.watch[0].token);
    expect(JSON.stringify(s)).not.toContain(list.watch[0].token);
  });

  it('an edit, a new deal and a deletion in the CRM reach the store without a sync run', async () => {
    r = await hookRig();
    await setup(r);
    const runs = r.runCount();
    const [a, b] = r.sb.dumpDeals();
    r.sb.editDeal(a.id, { Stage: 'Negotiation (80)' });
    await expect.poll(() => r!.local(a.id), { timeout: 5000 }).toBe('Negotiation (80)');
    const c = r.sb.createDeal({ Deal_Name: 'Made in Zoho', Stage: 'Qualification (10)', Closing_Date: '2026-12-20' });
    await expect.poll(() => r!.local(c.id, 'name'), { timeout: 5000 }).toBe('Made in Zoho');
    r.sb.deleteDeal(b.id);
    await expect.poll(() => r!.local(b.id), { timeout: 5000 }).toBeUndefined();
    expect(r.runCount()).toBe(runs);
    const s = await r.call('webhook.status');
    expect(s.recent.map((e) => [e.operation, e.ids])).toEqual([
      ['delete', [b.id]],
      ['insert', [c.id]],
      ['update', [a.id]],
    ]);
    expect(s.eventsToday).toBe(3);
    expect(s.lastEventAt).not.toBeNull();
  });

  it('200 edits in one second arrive as a handful of fetches', async () => {
    r = await hookRig({ deals: 220 });
    await setup(r);
    const before = getsPerIds(r);
    const deals = r.sb.dumpDeals().slice(0, 200);
    for (const d of deals) r.sb.editDeal(d.id, { Amount: 77_777 });
    await r.sb.drainNotifications();
    await r.core.ctx.webhooks.idle();
    for (const d of deals) expect(r.local(d.id, 'amount')).toBe(77_777);
    const fetches = getsPerIds(r) - before;
    expect(fetches).toBeGreaterThanOrEqual(2); // 200 ids need two calls of ≤ 100
    expect(fetches).toBeLessThanOrEqual(8);
  });

  it('a sync running when events arrive is never interleaved: the events wait for its lease', async () => {
    r = await hookRig({ deals: 300, latencyMs: 20 }, { sync: { autoStart: false, engine: { pageSize: 20 } } });
    await setup(r);
    const engine = r.core.ctx.sync.engine;
    const heard: { kind: string; duringRun: boolean }[] = [];
    engine.onDealsChanged((c) =>
      heard.push({ kind: c.kind, duringRun: c.kind === 'notification' && engine.inProgress }),
    );
    const [a] = r.sb.dumpDeals();
    // A slow full sync of many small pages: the callback lands in the middle of it.
    const run = r.core.ctx.sync.runToEnd('full');
    await expect.poll(() => engine.progress?.pages ?? 0).toBeGreaterThan(0);
    r.sb.editDeal(a.id, { Stage: 'Negotiation (80)', Amount: 4242 });
    await r.sb.drainNotifications();
    expect(engine.inProgress).toBe(true); // the event is waiting for the run
    await run;
    await r.core.ctx.webhooks.idle();
    expect(r.local(a.id, 'amount')).toBe(4242);
    expect(heard.filter((h) => h.kind === 'notification')).toHaveLength(1);
    expect(heard.some((h) => h.duringRun)).toBe(false);
    expect(r.core.ctx.store.sqlite.prepare('SELECT count(*) FROM sync_lease').pluck().get()).toBe(0);
  });

  it('renews a short-lived channel before it lapses, and events keep arriving', async () => {
    r = await hookRig({}, { webhooks: { channelLifetimeMs: 1500 } });
    const s0 = await setup(r);
    await new Promise((ok) => setTimeout(ok, 3500)); // more than two lifetimes
    const s1 = await r.call('webhook.status');
    expect(Date.parse(s1.expiresAt!)).toBeGreaterThan(Date.parse(s0.expiresAt!));
    expect(s1.state).toBe('healthy');
    const [a] = r.sb.dumpDeals();
    r.sb.editDeal(a.id, { Stage: 'Closed Won' });
    await expect.poll(() => r!.local(a.id), { timeout: 5000 }).toBe('Closed Won');
  });

  it('a broken tunnel: the status says so and the delta takes over', async () => {
    r = await hookRig({}, { webhooks: { healthCheckMs: 300 } });
    tunnel = await openTunnel(r.port);
    const s = await setup(r, tunnel.url);
    expect(s.mode).toBe('instant');
    r.core.ctx.sync.start(); // background syncing, as in the app (its first run is a delta)
    await r.core.ctx.sync.engine.idle();
    await expect.poll(() => r!.core.ctx.sync.scheduler.state).toBe('idle');
    const runs = r.runCount();
    await tunnel.close();
    tunnel = null;
    await expect.poll(async () => (await r!.call('webhook.status')).mode, { timeout: 5000 }).toBe('periodic');
    const down = await r.call('webhook.status');
    expect(down.state).toBe('failing');
    expect(down.summary).toMatch(
      /not working: .* cannot be reached: nothing accepts connections there\. The periodic sync/,
    );
    const [a] = r.sb.dumpDeals();
    r.sb.editDeal(a.id, { Stage: 'Closed Lost' }); // its callback cannot get through
    await expect.poll(() => r!.runCount(), { timeout: 10_000 }).toBeGreaterThan(runs);
    await expect.poll(() => r!.local(a.id), { timeout: 10_000 }).toBe('Closed Lost');
    const last = r.core.ctx.store.sqlite
      .prepare('SELECT kind, trigger FROM sync_runs ORDER BY id DESC LIMIT 1')
      .get() as { kind: string; trigger: string };
    expect(last).toEqual({ kind: 'delta', trigger: 'notification' });
  });

  it('the receiver down (its port taken when the app starts again): the status says so and the delta takes over', async () => {
    // The periodic delta every second instead of every 15 minutes, so the test sees it take over.
    r = await hookRig({}, { sync: { autoStart: false, intervalMs: async () => 1000 } });
    await setup(r);
    await r.sync(); // the last delta before the app quits
    const runs = r.runCount();
    const [a] = r.sb.dumpDeals();
    const squatter = net.createServer((socket) => socket.destroy());
    try {
      await r.restart({
        keepToken: true,
        whileClosed: () => new Promise<void>((ok) => squatter.listen(r!.port, '127.0.0.1', () => ok())),
      });
      r.core.ctx.sync.start(); // the app's background sync
      await expect
        .poll(async () => (await r!.call('webhook.status')).summary, { timeout: 5000 })
        .toMatch(/cannot listen on 127\.0\.0\.1:\d+: the port is in use/);
      const down = await r.call('webhook.status');
      expect(down).toMatchObject({ state: 'failing', mode: 'periodic', listening: false });
      await expect.poll(() => r!.runCount(), { timeout: 15_000 }).toBeGreaterThan(runs); // the start's delta
      await r.core.ctx.sync.engine.idle();
      const afterStart = r.runCount();
      r.sb.editDeal(a.id, { Stage: 'Closed Lost' }); // its callback finds no receiver
      await expect.poll(() => r!.local(a.id), { timeout: 15_000 }).toBe('Closed Lost');
      expect(r.runCount()).toBeGreaterThan(afterStart); // brought by the periodic delta
      expect((await r.call('webhook.status')).recent.filter((e) => e.ids.includes(a.id))).toEqual([]);
    } finally {
      await new Promise<void>((ok) => squatter.close(() => ok()));
    }
    // The next start finds the port free: instant updates again, last session's error forgotten.
    await r.restart({ keepToken: true });
    await expect.poll(async () => (await r!.call('webhook.status')).mode, { timeout: 5000 }).toBe('instant');
    r.sb.editDeal(a.id, { Stage: 'Closed Won' });
    await expect.poll(() => r!.local(a.id), { timeout: 5000 }).toBe('Closed Won');
  });

  it('a channel token that did not survive a restart (the demo keeps it in memory): failing, not silently deaf', async () => {
    r = await hookRig();
    await setup(r);
    await r.restart();
    expect(await channelSecrets(r.core).get(WEBHOOK_TOKEN)).toBeNull();
    await expect.poll(async () => (await r!.call('webhook.status')).state, { timeout: 5000 }).toBe('failing');
    const s = await r.call('webhook.status');
    expect(s).toMatchObject({ mode: 'periodic', listening: false });
    expect(s.summary).toMatch(/channel ended when it was closed.*set up instant updates again/);
  });

  it('turning it off disables the channel at Zoho and stops the receiver', async () => {
    r = await hookRig();
    const s = await setup(r);
    const off = await r.call('webhook.disable');
    expect(off).toMatchObject({ enabled: false, state: 'off', mode: 'periodic', listening: false });
    const list = await fetch(`${r.sb.baseUrl}/crm/v8/actions/watch`, {
      headers: { Authorization: `Zoho-oauthtoken ${await demoToken(r)}` },
    });
    expect(list.status).toBe(204);
    await expect(fetch(r.receiverUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(s.channelId).not.toBeNull();
  });

  it('bad setup input is refused field by field, and nothing is set up', async () => {
    r = await hookRig();
    const out = await r.core.dispatch('webhook.setup', {
      publicUrl: 'ftp://x',
      listenHost: 'evil host',
      listenPort: 0,
    });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(Object.keys(out.error.fields ?? {}).sort()).toEqual(['listenHost', 'listenPort', 'publicUrl']);
    expect((await r.call('webhook.status')).enabled).toBe(false);
  });

  it('a receiver port already in use: setup says so, and nothing is enabled at Zoho', async () => {
    r = await hookRig();
    const squatter = await openTunnel(1, '/'); // anything listening on a port
    try {
      const port = Number(new URL(squatter.url).port);
      const out = await r.core.dispatch('webhook.setup', {
        publicUrl: squatter.url,
        listenHost: '127.0.0.1',
        listenPort: port,
      });
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.error.message).toMatch(/cannot listen on 127\.0\.0\.1:\d+: the port is in use/);
      expect(r.sb.stats().calls['POST /crm/v8/actions/watch'] ?? 0).toBe(0);
      expect((await r.call('webhook.status')).enabled).toBe(false);
    } finally {
      await squatter.close();
    }
  });

  it('setting up again replaces the channel; when Zoho refuses, nothing is left on', async () => {
    r = await hookRig();
    const first = await setup(r);
    const second = await setup(r);
    expect(second.channelId).not.toBe(first.channelId);
    const channels = async () => {
      const res = await fetch(`${r!.sb.baseUrl}/crm/v8/actions/watch`, {
        headers: { Authorization: `Zoho-oauthtoken ${await demoToken(r!)}` },
      });
      return res.status === 204 ? [] : ((await res.json()).watch as { channel_id: string }[]).map((w) => w.channel_id);
    };
    expect(await channels()).toEqual([second.channelId]);

    r.sb.setFaults({ seed: 3, rates: { '500': 1 } });
    const out = await r.core.dispatch('webhook.setup', {
      publicUrl: r.receiverUrl,
      listenHost: '127.0.0.1',
      listenPort: r.port,
    });
    r.sb.setFaults(null);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/500/);
    const s = await r.call('webhook.status');
    expect(s).toMatchObject({ enabled: false, mode: 'periodic', listening: false });
  });

  it('disconnecting the account disables the channel first', async () => {
    r = await hookRig();
    await setup(r);
    await r.call('connection.disconnect');
    const s = await r.call('webhook.status');
    expect(s.enabled).toBe(false);
  });
});

/** An access token for looking at the sandbox's channels directly. */
async function demoToken(rig: HookRig): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: rig.sb.demoClient.clientId,
    client_secret: rig.sb.demoClient.clientSecret,
    refresh_token: rig.sb.issueRefreshToken(),
  });
  const res = await fetch(`${rig.sb.baseUrl}/oauth/v2/token`, { method: 'POST', body });
  return ((await res.json()) as { access_token: string }).access_token;
}
