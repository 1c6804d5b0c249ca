import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGE_BY_NAME } from '../../src-main/sandbox/catalog';
import { generateDeals, startSandbox } from '../../src-main/sandbox/index';
import { withApi } from '../helpers/sandbox';

const NOW = Date.parse('2026-05-02T03:00:00Z');

describe('generator', () => {
  it('same seed, same deals; another seed, other deals', () => {
    const a = generateDeals({ count: 500, seed: 42, nowMs: NOW });
    const b = generateDeals({ count: 500, seed: 42, nowMs: NOW });
    const c = generateDeals({ count: 500, seed: 43, nowMs: NOW });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('realistic and consistent deals', () => {
    const deals = generateDeals({ count: 3000, seed: 7, nowMs: NOW });
    const currencies = new Set(deals.map((d) => d.Currency));
    expect([...currencies]).toEqual(
      expect.arrayContaining(['SGD', 'USD', 'INR', 'PHP', 'MYR', 'THB', 'VND', 'IDR', 'AUD', 'EUR']),
    );
    expect(new Set(deals.map((d) => (d.Owner as { id: string }).id)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(deals.map((d) => (d.Account_Name as { id: string }).id)).size).toBeGreaterThan(200);
    const today = new Date(NOW).toISOString().slice(0, 10);
    expect(deals.some((d) => (d.Closing_Date as string) < today)).toBe(true);
    expect(deals.some((d) => (d.Closing_Date as string) > today)).toBe(true);
    for (const d of deals) {
      expect(d.id).toMatch(/^\d{19}$/);
      expect(d.Modified_Time >= d.Created_Time || Date.parse(d.Modified_Time) >= Date.parse(d.Created_Time)).toBe(true);
      expect(d.Probability).toBe(STAGE_BY_NAME.get(d.Stage as string)!.probability);
      const order = [
        'Proposal_Submission_date',
        'PO_Generation_Date',
        'Kick_off_Date',
        'Invoice_Date',
        'Payment_Received_Date',
        'OB_Recognition_Date',
      ]
        .map((f) => d[f] as string | null)
        .filter((x): x is string => x !== null);
      expect([...order].sort()).toEqual(order);
      if (d.Stage === 'Project Kicked off (95)')
        expect(d.Proposal_Submission_date && d.PO_Generation_Date && d.Kick_off_Date).toBeTruthy();
      if (d.Stage === 'Qualification (10)') expect(d.Proposal_Submission_date).toBeNull();
    }
    // Some proposals have waited over 30 days for a PO, so health rules have something to flag.
    const late = deals.filter(
      (d) =>
        d.Proposal_Submission_date &&
        !d.PO_Generation_Date &&
        d.Stage !== 'Closed Lost' &&
        NOW - Date.parse(d.Proposal_Submission_date as string) > 30 * 86_400_000,
    );
    expect(late.length).toBeGreaterThan(10);
  });

  it("open deals' milestones are recent and agree with the stage (no proposal sent two years ago on a live deal)", () => {
    const deals = generateDeals({ count: 3000, seed: 2026, nowMs: NOW });
    const ageDays = (d: string) => (NOW - Date.parse(`${d}T00:00:00Z`)) / 86_400_000;
    const open = deals.filter((d) => STAGE_BY_NAME.get(d.Stage as string)!.forecastType === 'Open');
    const waiting = open.filter((d) => d.Proposal_Submission_date && !d.PO_Generation_Date);
    expect(waiting.length).toBeGreaterThan(100);
    for (const d of waiting) expect(ageDays(d.Proposal_Submission_date as string)).toBeLessThanOrEqual(101);
    for (const d of open) {
      if (d.Proposal_Submission_date) expect(ageDays(d.Proposal_Submission_date as string)).toBeLessThanOrEqual(241);
      if (d.Stage === 'PO / SOW Sign-off (90)') expect(d.PO_Generation_Date).toBeTruthy();
    }
    // Most proposals waiting for a PO are within the 30 days the health rule allows; some are late.
    const late = waiting.filter((d) => ageDays(d.Proposal_Submission_date as string) > 30).length;
    expect(late / waiting.length).toBeGreaterThan(0.1);
    expect(late / waiting.length).toBeLessThan(0.5);
  });

  it('100,000 deals generate in under 10 s and page through with page_token; past 100,000 the token is refused', async () => {
    const t0 = performance.now();
    const deals = generateDeals({ count: 100_000, seed: 42, nowMs: NOW });
    const ms = performance.now() - t0;
    console.log(`generated 100,000 deals in ${ms.toFixed(0)} ms`);
    expect(deals).toHaveLength(100_000);
    expect(ms).toBeLessThan(10_000);

    // 200 more than Zoho lets page_token reach: the 501st page is refused with PAGINATION_LIMIT_EXCEEDED.
    const api = await withApi({ deals: 100_200, dailyCredits: 1_000_000 });
    try {
      const t1 = performance.now();
      let token: string | null = null;
      let seen = 0;
      let lastId = '';
      let pages = 0;
      do {
        const r = await api.call(
          'GET',
          `/crm/v8/Deals?fields=Deal_Name,Stage&per_page=200&sort_order=asc${token ? `&page_token=${token}` : ''}`,
        );
        expect(r.status).toBe(200);
        for (const d of r.body.data) {
          expect(d.id > lastId).toBe(true);
          lastId = d.id;
        }
        seen += r.body.data.length;
        token = r.body.info.next_page_token;
        pages++;
      } while (token && seen < 100_000);
      console.log(`paged 100,000 deals in ${pages} calls, ${(performance.now() - t1).toFixed(0)} ms`);
      expect(seen).toBe(100_000);
      expect(token).toEqual(expect.any(String));
      const past = await api.call('GET', `/crm/v8/Deals?fields=Deal_Name,Stage&per_page=200&page_token=${token}`);
      expect(past.status).toBe(400);
      expect(past.body).toEqual({
        code: 'PAGINATION_LIMIT_EXCEEDED',
        details: { param_name: 'page_token' },
        message: 'You can only get upto 100000 records using page_token param',
        status: 'error',
      });
    } finally {
      await api.sb.close();
    }
  }, 120_000);
});

describe('persistence and control API', () => {
  it('keeps edits across restarts with a data file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pulse-sandbox-')), 'demo.json');
    const a = await startSandbox({ deals: 40, dataFile: file });
    const d = a.dumpDeals()[3];
    a.editDeal(d.id, { Next_Step: 'Persisted edit' });
    const created = a.createDeal({ Deal_Name: 'Kept', Stage: 'Qualification (10)', Closing_Date: '2026-10-10' });
    a.deleteDeal(a.dumpDeals()[0].id);
    await a.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).deals).toHaveLength(40);
    const b = await startSandbox({ deals: 999, dataFile: file });
    try {
      const deals = b.dumpDeals();
      expect(deals).toHaveLength(40);
      expect(deals.find((x) => x.id === d.id)!.Next_Step).toBe('Persisted edit');
      expect(deals.some((x) => x.id === created.id)).toBe(true);
      const next = b.createDeal({
        Deal_Name: 'After restart',
        Stage: 'Qualification (10)',
        Closing_Date: '2026-10-10',
      });
      expect(next.id > created.id).toBe(true);
    } finally {
      await b.close();
    }
  });

  it('control API mirrors the in-process handles', async () => {
    const sb = await startSandbox({ deals: 10 });
    const c = (method: string, path: string, body?: unknown) =>
      fetch(`${sb.baseUrl}/__sandbox/${path}`, {
        method,
        headers: { 'X-Sandbox-Secret': sb.controlSecret },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    try {
      expect(await (await c('GET', 'deals')).json()).toHaveLength(10);
      const created = await (
        await c('POST', 'deals', { Deal_Name: 'Via HTTP', Stage: 'Negotiation (80)', Closing_Date: '2026-07-01' })
      ).json();
      expect(created.Probability).toBe(80);
      const edited = await (await c('PATCH', `deals/${created.id}`, { Amount: 1000 })).json();
      expect(edited.Expected_Revenue).toBe(800);
      expect(edited.Modified_Time >= created.Modified_Time).toBe(true);
      expect((await c('PATCH', `deals/${created.id}`, { Probability: 300 })).status).toBe(400);
      expect((await c('DELETE', `deals/${created.id}`)).status).toBe(204);
      expect(await (await c('GET', 'deals')).json()).toHaveLength(10);
      expect((await c('PUT', 'faults', 'flaky')).status).toBe(200);
      expect((await (await c('GET', 'faults')).json()).rates['500']).toBeGreaterThan(0);
      expect((await c('POST', 'expire-tokens')).status).toBe(204);
      const stats = await (await c('GET', 'stats')).json();
      expect(stats).toHaveProperty('totalApiCalls');
      expect(stats).toHaveProperty('creditsUsed');
      expect(stats).toHaveProperty('tooManyRequests');
      expect((await c('POST', 'clock', { advance_ms: 1000 })).status).toBe(200);
    } finally {
      await sb.close();
    }
  });
});
