/**
 * The client keeps inside Zoho's two limits that the edition's concurrency does not cover: the
 * sub-concurrency of 10 shared by heavy calls, and credits over a rolling 24 hours. Against the
 * sandbox, which enforces both with 429 as Zoho does; its clock is moved, never slept on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CreditBudgetError } from '../../src-main/core/zoho/errors';
import { sandboxWithClient, type Sandbox } from '../helpers/zoho-client';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const coql = (limit: number) => ({
  method: 'POST' as const,
  path: '/crm/v8/coql',
  body: { select_query: `select id from Deals where id is not null limit ${limit}` },
});

describe('Zoho limits the client keeps inside', () => {
  it('heavy calls stay within the sub-concurrency of 10 even when 20 calls may be in flight', async () => {
    const s = await sandboxWithClient(
      { deals: 50, edition: 'enterprise', latencyMs: 300 },
      { maxConcurrency: 20, callsPerMinute: 10_000, maxRetries: 0 },
    );
    sandbox = s.sandbox;
    const sorted = { path: '/crm/v8/Deals', query: { fields: 'Deal_Name', sort_by: 'id', sort_order: 'asc' } };
    const light = { path: '/crm/v8/Deals', query: { fields: 'Deal_Name' } };
    const results = await Promise.all([
      ...Array.from({ length: 18 }, () => s.client.request(coql(200))),
      ...Array.from({ length: 6 }, () => s.client.request(sorted)),
      ...Array.from({ length: 6 }, () => s.client.request(light)),
    ]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(s.sandbox.stats().tooManyRequests).toBe(0);
    expect(s.sandbox.stats().maxHeavyInFlight).toBeLessThanOrEqual(10);
    expect(s.client.stats().rateLimited).toBe(0);
  });

  it('stays inside its rolling 24-hour credit budget: nothing is sent over it, credits come back a day later', async () => {
    let clock = Date.parse('2026-05-02T15:00:00Z');
    const s = await sandboxWithClient(
      { deals: 50, now: () => new Date(clock) },
      { creditsPer24h: 10, now: () => clock },
    );
    sandbox = s.sandbox;
    for (let i = 0; i < 3; i++) await s.client.request(coql(2000)); // 3 credits each
    clock += 3600_000;
    await s.client.request({ path: '/crm/v8/org' }); // 1 credit: 10 of 10
    const sent = s.sandbox.stats().totalApiCalls;
    const over = await s.client.request(coql(200)).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(CreditBudgetError);
    expect(over).toMatchObject({ code: 'CREDIT_BUDGET_EXHAUSTED', retryable: true, budget: 10 });
    // The first calls leave the window 24 hours after they were made: 23 hours from now.
    expect((over as CreditBudgetError).retryAfterMs).toBe(23 * 3600_000);
    expect((over as Error).message).toMatch(
      /used its 10 Zoho API credits of the last 24 hours; it goes on in about 23 h/,
    );
    expect(s.sandbox.stats().totalApiCalls).toBe(sent);
    expect(s.client.stats().credits).toBe(10);

    clock += 23 * 3600_000 + 1000; // the three COQL calls are a day old: 9 credits back
    expect((await s.client.request(coql(2000))).status).toBe(200);
    expect((await s.client.request(coql(2000))).status).toBe(200);
    expect((await s.client.request(coql(2000))).status).toBe(200);
    await expect(s.client.request({ path: '/crm/v8/org' })).rejects.toBeInstanceOf(CreditBudgetError);
    expect(s.sandbox.stats().tooManyRequests).toBe(0);
  });

  it('a call Zoho refused with 429 costs no credits from the budget', async () => {
    const s = await sandboxWithClient(
      { deals: 20, faults: { seed: 1, rates: { '429': 1 } } },
      { creditsPer24h: 2, maxRetries: 3 },
    );
    sandbox = s.sandbox;
    await expect(s.client.request({ path: '/crm/v8/org' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(s.client.stats()).toMatchObject({ calls: 4, credits: 0 });
    s.sandbox.setFaults(null);
    expect((await s.client.request({ path: '/crm/v8/org' })).status).toBe(200);
    expect((await s.client.request({ path: '/crm/v8/org' })).status).toBe(200);
    await expect(s.client.request({ path: '/crm/v8/org' })).rejects.toBeInstanceOf(CreditBudgetError);
  });
});
