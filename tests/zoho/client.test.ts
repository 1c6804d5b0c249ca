import { afterEach, describe, expect, it } from 'vitest';
import { MalformedResponseError, ZohoApiError, ZohoNetworkError } from '../../src-main/core/zoho/errors';
import { maxInWindow, sandboxWithClient, type Sandbox } from '../helpers/zoho-client';

// The API client against the real sandbox over HTTP: token refresh, rate cap, retries.
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const DEALS = { path: '/crm/v8/Deals', query: { fields: 'Deal_Name,Amount', per_page: 5 } };

describe('the Zoho API client', () => {
  it('sends Zoho-oauthtoken and returns status, data and headers', async () => {
    const s = await sandboxWithClient();
    sandbox = s.sandbox;
    const res = await s.client.request<{ data: unknown[] }>(DEALS);
    expect(res.status).toBe(200);
    expect(res.data?.data).toHaveLength(5);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(s.client.stats()).toMatchObject({ calls: 1, retries: 0, refreshes: 1, credits: 1 });
  });

  it('50 concurrent calls with an expired access token cause exactly one refresh', async () => {
    const s = await sandboxWithClient();
    sandbox = s.sandbox;
    await s.client.request(DEALS); // first token
    s.sandbox.resetStats();
    s.sandbox.expireAccessTokens(); // the client still believes its token is valid: Zoho says INVALID_TOKEN
    const results = await Promise.all(Array.from({ length: 50 }, () => s.client.request(DEALS)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(s.sandbox.stats().tokenRefreshes).toBe(1);
    expect(s.client.stats().refreshes).toBe(2); // the first token + the one renewal
    expect(s.sandbox.stats().maxInFlight).toBeLessThanOrEqual(10);
  });

  it('refreshes before expiry without a failed call, and one refresh serves every waiting call', async () => {
    const s = await sandboxWithClient({ accessTokenTtlSec: 60 }); // inside the 5-minute skew: always "about to expire"
    sandbox = s.sandbox;
    await Promise.all(Array.from({ length: 20 }, () => s.client.request(DEALS)));
    expect(s.sandbox.stats().tokenRefreshes).toBe(1);
    expect(s.sandbox.stats().calls['GET /crm/v8/Deals']).toBe(20);
  });

  it('rides out a 429 storm and never exceeds the cap in any window (30 per 3 s, time compressed 20×)', async () => {
    const s = await sandboxWithClient(
      { faults: 'storm429' },
      { callsPerMinute: 30, rateWindowMs: 3_000, maxRetries: 12 },
    );
    sandbox = s.sandbox;
    const results = await Promise.all(Array.from({ length: 20 }, () => s.client.request(DEALS)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const st = s.client.stats();
    expect(st.rateLimited).toBeGreaterThan(10);
    expect(st.calls).toBe(20 + st.retries);
    expect(st.calls).toBeGreaterThan(30); // the cap really was binding
    expect(s.sandbox.stats().totalApiCalls).toBe(st.calls);
    expect(maxInWindow(s.attempts, 3_000)).toBeLessThanOrEqual(30);
  }, 20_000);

  it('holds the real per-minute cap: 30/min lets 30 calls out and queues the rest', async () => {
    const s = await sandboxWithClient({ faults: 'storm429' }, { callsPerMinute: 30, maxRetries: 20 });
    sandbox = s.sandbox;
    const pending = Array.from({ length: 20 }, () => s.client.request(DEALS).catch((e: Error) => e));
    await new Promise((r) => setTimeout(r, 3_000));
    expect(s.sandbox.stats().totalApiCalls).toBe(30);
    await s.client.stop();
    const outcomes = await Promise.all(pending);
    expect(outcomes.some((o) => o instanceof Error)).toBe(true);
    expect(s.sandbox.stats().totalApiCalls).toBe(30);
  });

  it.each([
    ['500', ZohoApiError],
    ['502', ZohoApiError],
    ['503', ZohoApiError],
    ['reset', ZohoNetworkError],
    ['malformed', MalformedResponseError],
  ])('retries %s faults and succeeds once Zoho recovers; gives up with a typed error', async (kind, type) => {
    const s = await sandboxWithClient({ faults: { seed: 3, rates: { [kind]: 1 } } }, { maxRetries: 2 });
    sandbox = s.sandbox;
    const error = await s.client.request(DEALS).catch((e: Error) => e);
    expect(error).toBeInstanceOf(type);
    expect(s.sandbox.stats().totalApiCalls).toBe(3); // 1 + 2 retries
    s.sandbox.setFaults({ seed: 5, rates: { [kind]: 0.5 } });
    const ok = await s.client.request(DEALS);
    expect(ok.status).toBe(200);
  });

  it('retries a timeout (the sandbox hangs) with a short request timeout', async () => {
    const s = await sandboxWithClient(
      { faults: { seed: 3, rates: { timeout: 1 }, timeoutMs: 10_000 } },
      { maxRetries: 1, timeoutMs: 300 },
    );
    sandbox = s.sandbox;
    const started = Date.now();
    const error = await s.client.request(DEALS).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ZohoNetworkError);
    expect((error as ZohoNetworkError).code).toBe('TIMEOUT');
    expect(s.client.stats().retries).toBe(1);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("does not retry a 400: one call, a ZohoApiError with Zoho's code", async () => {
    const s = await sandboxWithClient();
    sandbox = s.sandbox;
    const error = await s.client.request({ path: '/crm/v8/Deals' }).catch((e: Error) => e); // no `fields`
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).code).toBe('REQUIRED_PARAM_MISSING');
    expect((error as ZohoApiError).status).toBe(400);
    expect(s.sandbox.stats().totalApiCalls).toBe(1);
    expect(s.client.stats().retries).toBe(0);
  });

  it('returns 304 with data null for If-Modified-Since with nothing newer', async () => {
    const s = await sandboxWithClient();
    sandbox = s.sandbox;
    const future = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, '+00:00');
    const res = await s.client.request({ ...DEALS, headers: { 'If-Modified-Since': future } });
    expect(res.status).toBe(304);
    expect(res.data).toBeNull();
  });
});
