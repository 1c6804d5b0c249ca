/**
 * The receiver's seam for Bulk Read's job callback (issue 19): Zoho calls the job's callback URL —
 * the public URL with a key derived from the channel token (`bulkCallbackUrl()`) — when the job is
 * done, and the job's waiter (`waitForBulkJob`) wakes so the job is looked at at once. Without the
 * key the body is no notification (400), with a wrong one it is refused (401); nothing is woken,
 * recorded or fetched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hookRig, type HookRig } from '../helpers/webhook-rig';

let r: HookRig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

/** Zoho's Bulk Read callback: the job's details once it completed. */
const jobBody = (jobId: string, state = 'COMPLETED') =>
  JSON.stringify({
    job_id: jobId,
    operation: 'read',
    state,
    result: {
      page: 1,
      count: 40,
      per_page: 200_000,
      more_records: false,
      download_url: `/crm/bulk/v8/read/${jobId}/result`,
    },
  });

const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

const setup = (rig: HookRig) =>
  rig.call('webhook.setup', { publicUrl: rig.receiverUrl, listenHost: '127.0.0.1', listenPort: rig.port });

describe('Bulk Read job callbacks through the receiver', () => {
  it("wakes that job's waiter only; a wrong key is 401, no key is no notification (400)", async () => {
    r = await hookRig();
    await setup(r);
    const hooks = r.core.ctx.webhooks;
    const url = await hooks.bulkCallbackUrl();
    expect(url?.startsWith(`${r.receiverUrl}?pulse_bulk=`)).toBe(true);
    const woken: string[] = [];
    void hooks.waitForBulkJob('5550001').then(() => woken.push('5550001'));
    const second = hooks.waitForBulkJob('5550002').then(() => woken.push('5550002'));
    expect(hooks.waitForBulkJob('5550002')).toBe(hooks.waitForBulkJob('5550002')); // one waiter a job
    const heard: string[] = [];
    hooks.events.bulkJobNotified.on((j) => heard.push(`${j.jobId}:${j.state}`));
    const gets = r.sb.stats().calls['GET /crm/v8/Deals'] ?? 0;

    const wrongKey = new URL(url!);
    wrongKey.searchParams.set('pulse_bulk', 'x'.repeat(43));
    expect((await post(wrongKey.toString(), jobBody('5550001'))).status).toBe(401);
    expect((await post(r.receiverUrl, jobBody('5550001'))).status).toBe(400);
    expect((await post(url!, JSON.stringify({ hello: 'world' }))).status).toBe(400);
    expect((await post(url!, jobBody('5550002'))).status).toBe(200);
    await second;
    expect(woken).toEqual(['5550002']);
    expect(heard).toEqual(['5550002:COMPLETED']);
    const s = await r.call('webhook.status');
    expect(s.eventsToday).toBe(0);
    expect(r.sb.stats().calls['GET /crm/v8/Deals'] ?? 0).toBe(gets);
  });

  it('no callback URL unless instant updates work; a new setup voids the old key', async () => {
    r = await hookRig();
    const hooks = r.core.ctx.webhooks;
    expect(await hooks.bulkCallbackUrl()).toBeNull();
    await setup(r);
    const first = await hooks.bulkCallbackUrl();
    expect(first).not.toBeNull();
    await r.call('webhook.disable');
    expect(await hooks.bulkCallbackUrl()).toBeNull();
    await setup(r);
    const second = await hooks.bulkCallbackUrl();
    expect(second).not.toBe(first);
    expect((await post(first!, jobBody('5550003'))).status).toBe(401);
    expect((await post(second!, jobBody('5550003'))).status).toBe(200);
  });

  it('a Bulk Read full sync wakes when Zoho calls the receiver back, not after its polling wait', async () => {
    // Polling alone would wait ten minutes before a second look at each job: only the callback
    // through the real receiver (core-context wires it into the engine) can finish this sync.
    r = await hookRig(
      { deals: 5_000, seed: 6, bulk: { delayMs: 300, perFile: 2_000 } },
      { sync: { autoStart: false, engine: { bulkFollow: { firstDelayMs: 600_000, maxDelayMs: 600_000 } } } },
    );
    await setup(r);
    await r.call('settings.update', { bulkReadMinDeals: 1_000 });
    const heard: string[] = [];
    r.core.ctx.webhooks.events.bulkJobNotified.on((j) => heard.push(j.jobId));
    const res = await r.core.ctx.sync.engine.run('full', 'manual');
    expect(res).toMatchObject({ status: 'ok', method: 'bulk' });
    const jobs = r.sb.core.bulk.list();
    expect(jobs).toHaveLength(3);
    expect(jobs.map((j) => j.id).sort()).toEqual([...new Set(heard)].sort());
    expect(r.sb.stats().calls['GET /crm/bulk/v8/read/{job_id}']).toBeLessThanOrEqual(2 * jobs.length);
    expect(r.core.ctx.store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(5_000);
  }, 120_000);
});
