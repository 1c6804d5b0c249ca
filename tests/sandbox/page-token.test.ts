/**
 * Get Records' page_token as Zoho treats it (record.yaml): at most 96 characters, EXPIRED_VALUE
 * after 24 hours, TOKEN_BOUND_DATA_MISMATCH when fields / sort_by / per_page differ from the
 * request that issued it, AMBIGUITY_DURING_PROCESSING with page and page_token together.
 * (Past 100,000 records: PAGINATION_LIMIT_EXCEEDED, in generator.test.ts, which has the deals.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withApi, type Api } from '../helpers/sandbox';
import { expectValid } from '../helpers/oas';

let api: Api;
let clock = Date.parse('2026-05-02T03:00:00Z');
beforeAll(async () => {
  api = await withApi({ deals: 2300, now: () => new Date(clock) });
});
afterAll(() => api.sb.close());

const FIRST = '/crm/v8/Deals?fields=Deal_Name,Stage&per_page=200&sort_by=id&sort_order=asc';
async function tokenAfterPage10(): Promise<string> {
  await api.renew();
  const r = await api.call('GET', `${FIRST}&page=10`);
  expect(r.status).toBe(200);
  return r.body.info.next_page_token as string;
}

describe('page_token', () => {
  it('is at most 96 characters and carries on where the page left off, with the same parameters', async () => {
    const token = await tokenAfterPage10();
    expect(token.length).toBeLessThanOrEqual(96);
    const next = await api.call(
      'GET',
      `/crm/v8/Deals?fields=Stage,Deal_Name&per_page=200&sort_by=id&page_token=${token}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.data[0].id).toBe(api.sb.dumpDeals()[2000].id);
    expectValid('record.yaml', '/{module}', 'get', 200, next.body);
  });

  it('answers EXPIRED_VALUE once its 24 hours are over', async () => {
    const token = await tokenAfterPage10();
    clock += 23 * 3600_000;
    await api.renew();
    expect((await api.call('GET', `${FIRST}&page_token=${token}`)).status).toBe(200);
    clock += 2 * 3600_000;
    await api.renew();
    const r = await api.call('GET', `${FIRST}&page_token=${token}`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      code: 'EXPIRED_VALUE',
      details: { api_name: 'page_token', json_path: '$.query.page_token' },
      message: 'Page token expired',
      status: 'error',
    });
    expectValid('record.yaml', '/{module}', 'get', 400, r.body);
  });

  it('answers TOKEN_BOUND_DATA_MISMATCH when fields, sort_by or per_page change, or the token is made up', async () => {
    const token = await tokenAfterPage10();
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const variants = [
      `/crm/v8/Deals?fields=Deal_Name,Stage,Amount&per_page=200&sort_by=id&page_token=${token}`,
      `/crm/v8/Deals?fields=Deal_Name,Stage&per_page=200&sort_by=Modified_Time&page_token=${token}`,
      `/crm/v8/Deals?fields=Deal_Name,Stage&per_page=100&sort_by=id&page_token=${token}`,
      `/crm/v8/Deals?fields=Deal_Name,Stage&per_page=200&sort_by=id&page_token=${forged}`,
    ];
    for (const url of variants) {
      const r = await api.call('GET', url);
      expect(r.status, url).toBe(400);
      expect(r.body, url).toEqual({
        code: 'TOKEN_BOUND_DATA_MISMATCH',
        details: { param_name: 'page_token' },
        message: 'The page_token given seems to be invalid or input param is added or altered or deleted',
        status: 'error',
      });
      expectValid('record.yaml', '/{module}', 'get', 400, r.body);
    }
  });

  it('answers AMBIGUITY_DURING_PROCESSING when page and page_token come together', async () => {
    const token = await tokenAfterPage10();
    const r = await api.call('GET', `${FIRST}&page=2&page_token=${token}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      code: 'AMBIGUITY_DURING_PROCESSING',
      details: { ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }] },
    });
    expectValid('record.yaml', '/{module}', 'get', 400, r.body);
  });
});
