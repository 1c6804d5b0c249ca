import { afterAll, describe, expect, it } from 'vitest';
import { refreshAccess, withApi, type Api } from '../helpers/sandbox';

const opened: Api[] = [];
afterAll(() => Promise.all(opened.map((a) => a.sb.close())));
async function open(opts: Parameters<typeof withApi>[0]) {
  const a = await withApi(opts);
  opened.push(a);
  return a;
}

describe('limits', () => {
  it('429 TOO_MANY_REQUESTS when the edition concurrency is used up (free: 5)', async () => {
    const api = await open({ deals: 50, edition: 'free', latencyMs: 300 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => api.call('GET', '/crm/v8/Deals?fields=Deal_Name&per_page=5')),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(results.find((r) => r.status === 429)!.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    expect(api.sb.stats()).toMatchObject({ tooManyRequests: 3, maxInFlight: 5, concurrencyLimit: 5 });
  });

  it('429 when the daily credits are exhausted; stats count credits', async () => {
    const api = await open({ deals: 50, dailyCredits: 3 });
    for (let i = 0; i < 3; i++) expect((await api.call('GET', '/crm/v8/Deals?fields=Deal_Name')).status).toBe(200);
    const r = await api.call('GET', '/crm/v8/Deals?fields=Deal_Name');
    expect(r.status).toBe(429);
    expect(r.body.code).toBe('TOO_MANY_REQUESTS');
    expect(api.sb.stats()).toMatchObject({ creditsUsed: 3, tooManyRequests: 1, totalApiCalls: 4 });
    const reset = await fetch(`${api.sb.baseUrl}/__sandbox/stats/reset`, {
      method: 'POST',
      headers: { 'X-Sandbox-Secret': api.sb.controlSecret },
    });
    expect((await reset.json()).creditsUsed).toBe(0);
    expect((await api.call('GET', '/crm/v8/Deals?fields=Deal_Name')).status).toBe(200);
  });

  it('credits are a rolling 24-hour window: freed 24 h after they were spent, not at midnight', async () => {
    // 15:00 UTC is 23:00 in the org's time zone (Asia/Singapore): midnight comes after an hour.
    let clock = Date.parse('2026-05-02T15:00:00Z');
    const api = await open({ deals: 20, dailyCredits: 3, now: () => new Date(clock) });
    const get = () => api.call('GET', '/crm/v8/Deals?fields=Deal_Name');
    expect((await get()).status).toBe(200);
    clock += 3600_000;
    await api.renew();
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    clock += 2 * 3600_000; // past the org's midnight
    await api.renew();
    const r = await get();
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    expect(api.sb.stats().creditsUsed).toBe(3);
    clock = Date.parse('2026-05-02T15:00:00Z') + 24 * 3600_000 + 1000; // only the first credit is free again
    await api.renew();
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
    clock += 3600_000; // the next two are free too
    await api.renew();
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
  });

  it("heavy calls (COQL, Get Records with sort_by) share a sub-concurrency of 10 on top of the edition's 20", async () => {
    const api = await open({ deals: 50, edition: 'enterprise', latencyMs: 1000 });
    const coql = () =>
      api.call('POST', '/crm/v8/coql', { body: { select_query: 'select id from Deals where id is not null' } });
    const sorted = () => api.call('GET', '/crm/v8/Deals?fields=Deal_Name&sort_by=id');
    const light = () => api.call('GET', '/crm/v8/Deals?fields=Deal_Name');
    const results = await Promise.all([
      ...Array.from({ length: 8 }, coql),
      ...Array.from({ length: 4 }, sorted),
      ...Array.from({ length: 6 }, light),
    ]);
    const heavy = results.slice(0, 12).map((r) => r.status);
    expect(heavy.filter((s) => s === 200)).toHaveLength(10);
    expect(heavy.filter((s) => s === 429)).toHaveLength(2);
    expect(results.slice(12).every((r) => r.status === 200)).toBe(true);
    expect(results.find((r) => r.status === 429)!.body).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/sub-concurrency/),
    });
    expect(api.sb.stats()).toMatchObject({ maxHeavyInFlight: 10, subConcurrencyLimit: 10, tooManyRequests: 2 });
  });

  it('COQL needs the ZohoCRM.coql scope (401 OAUTH_SCOPE_MISMATCH without it)', async () => {
    const api = await open({ deals: 5 });
    const rt = api.sb.issueRefreshToken('ZohoCRM.modules.ALL,ZohoCRM.settings.ALL');
    const { body } = await refreshAccess(
      api.sb.baseUrl,
      rt,
      api.sb.demoClient.clientId,
      api.sb.demoClient.clientSecret,
    );
    const call = (path: string, init: RequestInit = {}) =>
      fetch(api.sb.baseUrl + path, { ...init, headers: { Authorization: `Zoho-oauthtoken ${body.access_token}` } });
    const r = await call('/crm/v8/coql', {
      method: 'POST',
      body: JSON.stringify({ select_query: 'select id from Deals where id is not null' }),
    });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH' });
    expect((await call('/crm/v8/Deals?fields=Deal_Name')).status).toBe(200);
  });

  it('latency plus jitter delays every API call', async () => {
    const api = await open({ deals: 5, latencyMs: 120, jitterMs: 30 });
    const t = Date.now();
    await api.call('GET', '/crm/v8/org');
    expect(Date.now() - t).toBeGreaterThanOrEqual(115);
  });
});

describe('faults', () => {
  async function sequence(api: Api, n: number) {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      try {
        const r = await api.call('GET', '/crm/v8/org');
        out.push(r.status === 200 && r.body === undefined ? 'malformed' : String(r.status));
      } catch {
        out.push('reset');
      }
    }
    return out;
  }

  it('is deterministic for a seed and injects every kind', async () => {
    const profile = {
      seed: 5,
      rates: { '429': 0.15, '500': 0.15, '502': 0.1, '503': 0.1, reset: 0.1, malformed: 0.1 },
    };
    const a = await open({ deals: 5, faults: profile });
    const b = await open({ deals: 5, faults: profile });
    const sa = await sequence(a, 60);
    const sb = await sequence(b, 60);
    expect(sa).toEqual(sb);
    for (const kind of ['200', '429', '500', '502', '503', 'reset', 'malformed']) expect(sa).toContain(kind);
    expect(a.sb.stats().faultsInjected).toBe(sa.filter((s) => s !== '200').length);
  });

  it('timeout hangs until the client gives up; named profiles; set over HTTP', async () => {
    const api = await open({ deals: 5 });
    const put = await fetch(`${api.sb.baseUrl}/__sandbox/faults`, {
      method: 'PUT',
      headers: { 'X-Sandbox-Secret': api.sb.controlSecret },
      body: JSON.stringify({ seed: 1, rates: { timeout: 1 }, timeoutMs: 5000 }),
    });
    expect(put.status).toBe(200);
    const t = Date.now();
    await expect(
      fetch(`${api.sb.baseUrl}/crm/v8/org`, {
        headers: { Authorization: `Zoho-oauthtoken ${api.token}` },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(Date.now() - t).toBeLessThan(2000);
    api.sb.setFaults('storm429');
    const statuses = (await sequence(api, 30)).filter((s) => s === '429');
    expect(statuses.length).toBeGreaterThan(8);
    api.sb.setFaults('none');
    expect((await sequence(api, 5)).every((s) => s === '200')).toBe(true);
    expect(() => api.sb.setFaults('nonsense')).toThrow();
  });
});
