/**
 * Errors Zoho wraps in `data[]` instead of answering at the top level (more than 100 records in a
 * write, a bad `type` on /deleted): the client still reports Zoho's code and message, keeps the
 * per-record body, and a request-wide error applies to every record of the write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsOf } from '../../src-main/core/o2r-store/crm-records';
import { ZohoApiError } from '../../src-main/core/zoho/errors';
import { sandboxWithClient, type Sandbox } from '../helpers/zoho-client';

let s: Awaited<ReturnType<typeof sandboxWithClient>>;
let sandbox: Sandbox;
beforeAll(async () => {
  s = await sandboxWithClient({ deals: 120 });
  sandbox = s.sandbox;
});
afterAll(() => sandbox.close());

describe('errors inside data[]', () => {
  it('101 records in one PUT: LIMIT_EXCEEDED for the request, applied to every record', async () => {
    const records = sandbox
      .dumpDeals()
      .slice(0, 101)
      .map((d) => ({ id: d.id, Next_Step: 'x' }));
    const error = await s.client
      .request({ method: 'PUT', path: '/crm/v8/Deals', body: { data: records } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({ status: 400, code: 'LIMIT_EXCEEDED', retryable: false });
    expect((error as Error).message).toMatch(/count of records in your request exceeds the limit/);
    const body = (error as ZohoApiError).details!.zoho as Parameters<typeof resultsOf>[0];
    const results = resultsOf(body, records);
    expect(results).toHaveLength(101);
    expect(results.every((r) => !r.ok && !r.changedInCrm && r.code === 'LIMIT_EXCEEDED')).toBe(true);
    expect(s.client.stats().retries).toBe(0);
  });

  it('a bad type on /Deals/deleted: PATTERN_NOT_MATCHED with Zoho\u2019s message, not retried', async () => {
    const before = s.client.stats().calls;
    const error = await s.client
      .request({ path: '/crm/v8/Deals/deleted', query: { type: 'binned' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'PATTERN_NOT_MATCHED' });
    expect((error as Error).message).toMatch(/Please check whether the input values are correct/);
    expect((error as ZohoApiError).details).toMatchObject({ zoho: { data: [{ details: { param_name: 'type' } }] } });
    expect(s.client.stats().calls - before).toBe(1);
  });
});
