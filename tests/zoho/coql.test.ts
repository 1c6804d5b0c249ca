/**
 * COQL text as Zoho accepts it (src-main/core/zoho/coql.ts): criteria bracketed in pairs. Checked
 * against the sandbox, which refuses what Zoho refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allOf, coqlString } from '../../src-main/core/zoho/coql';
import { ZohoApiError } from '../../src-main/core/zoho/errors';
import type { ZohoClient } from '../../src-main/core/zoho/client';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { sandboxClient } from '../helpers/sync-rig';

let sb: Sandbox;
let client: ZohoClient;
beforeAll(async () => {
  sb = await startSandbox({ deals: 300, seed: 21 });
  client = sandboxClient(sb);
});
afterAll(async () => {
  await client.stop();
  await sb.close();
});

const ids = (where: string) =>
  client
    .request<{ data: { id: string }[] }>({
      method: 'POST',
      path: '/crm/v8/coql',
      body: { select_query: `select id from Deals where ${where} limit 2000` },
    })
    .then((r) => (r.data?.data ?? []).map((d) => d.id));

describe('COQL criteria', () => {
  it('joins one, two and more criteria, bracketing in pairs from the third on', () => {
    expect(allOf(['A'])).toBe('A');
    expect(allOf(['A', 'B'])).toBe('A and B');
    expect(allOf(['A', 'B', 'C'])).toBe('(A and B) and C');
    expect(allOf(['A', 'B', 'C', 'D'])).toBe('((A and B) and C) and D');
    expect(() => allOf([])).toThrow(RangeError);
    expect(coqlString("O'Brien")).toBe("'O''Brien'");
  });

  it('Zoho accepts what allOf builds for four criteria, and refuses the same criteria unbracketed', async () => {
    const deals = sb.dumpDeals();
    const criteria = [
      `id > ${coqlString(deals[20].id)}`,
      `id <= ${coqlString(deals[220].id)}`,
      'Amount > 0',
      "Stage != 'Closed Lost (0)'",
    ];
    const expected = deals
      .slice(21, 221)
      .filter((d) => (d.Amount as number) > 0 && d.Stage !== 'Closed Lost (0)')
      .map((d) => d.id);
    expect(expected.length).toBeGreaterThan(50);
    expect(await ids(allOf(criteria))).toEqual(expected);
    const naive = await ids(criteria.join(' and ')).catch((e: unknown) => e);
    expect(naive).toBeInstanceOf(ZohoApiError);
    expect(naive).toMatchObject({ status: 400, code: 'SYNTAX_ERROR' });
  });
});
