/**
 * Listing deals with Get Records and its page_token (the full sync when COQL is not allowed, and
 * every delta) against the sandbox's Zoho rules: a token lives 24 hours and is bound to its
 * request, and reaches 100,000 records at most. The sandbox's clock is moved, never slept on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildFieldSet } from '../../src-main/core/sync/field-set';
import { fetchRecordsPage, isStalePageToken } from '../../src-main/core/sync/fetch-records';
import { KV, SyncKv } from '../../src-main/core/sync/state-kv';
import type { FullCheckpoint } from '../../src-main/core/sync/checkpoint';
import type { FieldMapping } from '../../src-main/core/sync/mapping-guess';
import { diffDeals, rig, sandboxClient, type Rig } from '../helpers/sync-rig';
import { startSandbox } from '../../src-main/sandbox/index';
import { withApi } from '../helpers/sandbox';

/** A sign-in without ZohoCRM.coql.READ: the sandbox refuses COQL, so the full sync pages Get Records. */
const NO_COQL = 'ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ';
const DAY = 24 * 3600_000;
/** The base fields only (no milestone mapping), and the same plus one more field. */
const NO_MAPPING = {} as FieldMapping;
const ONE_MORE = { kickoff: 'Kick_off_Date' } as unknown as FieldMapping;

let r: Rig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

const getRecordsCalls = (rig: Rig) => rig.sb.stats().calls['GET /crm/v8/Deals'] ?? 0;

describe('Get Records paging (no COQL)', () => {
  it('a full sync resumed after the sandbox clock moved 25 hours restarts its paging and converges', async () => {
    r = await rig({ deals: 2_600, seed: 11 }, {}, {}, NO_COQL);
    let pages = 0;
    r.hooks.onProgress = (p) => {
      pages = p.pages;
      if (p.pages >= 4) r!.engine.cancel();
    };
    const cut = await r.engine.run('full', 'manual');
    expect(cut.status).toBe('cancelled');
    expect(pages).toBeGreaterThanOrEqual(4);
    const cp = new SyncKv(r.store.sqlite).get<FullCheckpoint>(KV.fullCheckpoint)!;
    expect(cp).toMatchObject({ mode: 'records', phase: 'fetch' });
    expect(cp.pageToken).toEqual(expect.any(String));
    r.hooks.onProgress = undefined;

    // A day and an hour later: the token has expired, and the CRM changed meanwhile.
    r.sb.advanceClock(25 * 3600_000);
    const deals = r.sb.dumpDeals();
    r.sb.editDeal(deals[5].id, { Next_Step: 'Changed while the sync was away' });
    r.sb.editDeal(deals[2_500].id, { Amount: 123_456 });
    r.sb.deleteDeal(deals[7].id);
    r.sb.createDeal({ Deal_Name: 'New while away', Stage: 'Qualification (10)', Closing_Date: '2026-12-31' });

    const before = getRecordsCalls(r);
    const resumed = await r.engine.run('auto', 'manual');
    expect(resumed).toMatchObject({ status: 'ok', kind: 'full' });
    // One call refused (EXPIRED_VALUE), then the whole listing again: 2,600 deals at 200 a page.
    expect(getRecordsCalls(r) - before).toBe(1 + Math.ceil(2_600 / 200));
    expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
  });

  it('a delta whose page_token expires between two pages lists the changes again and converges', async () => {
    r = await rig({ deals: 900, seed: 12 }, {}, {}, NO_COQL);
    expect((await r.engine.run('full', 'manual')).status).toBe('ok');
    r.sb.advanceClock(60_000);
    for (const d of r.sb.dumpDeals().slice(0, 450)) r.sb.editDeal(d.id, { Next_Step: 'Delta sweep' });
    let moved = false;
    r.hooks.onProgress = (p) => {
      if (p.pages === 1 && !moved) {
        moved = true;
        r!.sb.advanceClock(DAY + 3600_000);
      }
    };
    const delta = await r.engine.run('delta', 'manual');
    expect(delta.status).toBe('ok');
    expect(moved).toBe(true);
    expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
  });

  it('tells a stale page_token (expired, or bound to other parameters) from other errors', async () => {
    const sb = await startSandbox({ deals: 450, seed: 13 });
    const client = sandboxClient(sb);
    try {
      const fs = buildFieldSet([], NO_MAPPING);
      const first = await fetchRecordsPage(client, fs, { pageToken: null, sinceMs: null, sortBy: 'id' });
      expect(first.nextToken).toEqual(expect.any(String));
      const otherFields = buildFieldSet([], ONE_MORE);
      const mismatch = await fetchRecordsPage(client, otherFields, {
        pageToken: first.nextToken,
        sinceMs: null,
        sortBy: 'id',
      }).catch((e: unknown) => e);
      expect(mismatch).toMatchObject({ code: 'TOKEN_BOUND_DATA_MISMATCH', status: 400 });
      expect(isStalePageToken(mismatch)).toBe(true);
      sb.advanceClock(DAY + 1000);
      const expired = await fetchRecordsPage(client, fs, {
        pageToken: first.nextToken,
        sinceMs: null,
        sortBy: 'id',
      }).catch((e: unknown) => e);
      expect(expired).toMatchObject({ code: 'EXPIRED_VALUE', status: 400 });
      expect(isStalePageToken(expired)).toBe(true);
      const other = await client.request({ path: '/crm/v8/Deals', query: { fields: 'Nope' } }).catch((e: unknown) => e);
      expect(other).toMatchObject({ code: 'INVALID_DATA' });
      expect(isStalePageToken(other)).toBe(false);
    } finally {
      await client.stop();
      await sb.close();
    }
  });

  it('past 100,000 deals Get Records stops with a clear error naming what helps (COQL)', async () => {
    const api = await withApi({ deals: 100_200, dailyCredits: 1_000_000 });
    const client = sandboxClient(api.sb);
    try {
      // One field (an org whose Deals show only a name) keeps the pages light. The first 499 pages
      // are walked with plain fetch and the same parameters (the token is bound to them); the
      // client takes over for the 500th page and the one Zoho refuses.
      const fs = buildFieldSet(
        [{ apiName: 'Deal_Name', label: 'Deal Name', dataType: 'text', custom: false }],
        NO_MAPPING,
      );
      let token: string | null = null;
      let seen = 0;
      for (let i = 0; i < 499; i++) {
        const page = await api.call(
          'GET',
          `/crm/v8/Deals?fields=Deal_Name&per_page=200&sort_by=id&sort_order=asc${token ? `&page_token=${token}` : ''}`,
        );
        seen += page.body.data.length;
        token = page.body.info.next_page_token;
      }
      const last = await fetchRecordsPage(client, fs, { pageToken: token, sinceMs: null, sortBy: 'id' });
      expect(seen + last.rows.length).toBe(100_000);
      expect(last.more).toBe(true);
      const failure = await fetchRecordsPage(client, fs, {
        pageToken: last.nextToken,
        sinceMs: null,
        sortBy: 'id',
      }).catch((e: unknown) => e);
      expect(failure).toMatchObject({ name: 'RecordsCeilingError', code: 'RECORDS_CEILING' });
      expect((failure as Error).message).toMatch(/100,000 deals.*ZohoCRM\.coql\.READ/);
    } finally {
      await client.stop();
      await api.sb.close();
    }
  }, 60_000);
});
