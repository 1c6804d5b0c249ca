import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAL_FIELD_BY_API } from '../../src-main/sandbox/metadata';
import { withApi, type Api } from '../helpers/sandbox';
import { expectValid } from '../helpers/oas';

let api: Api;
beforeAll(async () => {
  api = await withApi({ deals: 500 });
});
afterAll(() => api.sb.close());

const q = (select_query: string) => api.call('POST', '/crm/v8/coql', { body: { select_query } });

describe('COQL', () => {
  it('filters with and/or/parentheses, in, like, is null, comparisons', async () => {
    const all = api.sb.dumpDeals();
    const r = await q(
      "select Deal_Name, Stage, Amount, Region from Deals where ((Stage in ('Negotiation (80)', 'PO / SOW Sign-off (90)') and Amount >= 1000) or Region = 'ANZ') and Kick_off_Date is null limit 2000",
    );
    const expected = all.filter(
      (d) =>
        ((['Negotiation (80)', 'PO / SOW Sign-off (90)'].includes(d.Stage as string) && (d.Amount as number) >= 1000) ||
          d.Region === 'ANZ') &&
        d.Kick_off_Date === null,
    );
    expect(r.body.data.map((d: { id: string }) => d.id)).toEqual(expected.map((d) => d.id));
    const like = await q("select Deal_Name from Deals where Deal_Name like '%Renewal%' limit 2000");
    expect(like.body.data.length).toBe(all.filter((d) => d.Deal_Name.includes('Renewal')).length);
  });

  it('Modified_Time, id comparisons; order by; limit offset and limit M, N', async () => {
    const all = api.sb.dumpDeals();
    const t = all[100].Modified_Time;
    const r = await q(
      `select Modified_Time from Deals where Modified_Time > '${t}' order by Modified_Time asc, id asc limit 2000`,
    );
    const expected = all
      .filter((d) => Date.parse(d.Modified_Time) > Date.parse(t))
      .sort((a, b) => Date.parse(a.Modified_Time) - Date.parse(b.Modified_Time) || (a.id < b.id ? -1 : 1));
    expect(r.body.data.map((d: { id: string }) => d.id)).toEqual(expected.map((d) => d.id));
    const a = await q(`select Deal_Name from Deals where id > '${all[9].id}' limit 5 offset 10`);
    expect(a.body.data.map((d: { id: string }) => d.id)).toEqual(all.slice(20, 25).map((d) => d.id));
    const b = await q(`select Deal_Name from Deals where id > '${all[9].id}' limit 10, 5`);
    expect(b.body.data).toEqual(a.body.data);
    expect(a.body.info).toEqual({ count: 5, more_records: true });
  });

  it('lookups come back as {id}; dotted columns as flat keys', async () => {
    const d = api.sb.dumpDeals()[0];
    const r = await q(
      `select Account_Name, Account_Name.Account_Name, Owner, Owner.email from Deals where id = '${d.id}'`,
    );
    const row = r.body.data[0];
    expect(row.Account_Name).toEqual({ id: (d.Account_Name as { id: string }).id });
    expect(row['Account_Name.Account_Name']).toBe((d.Account_Name as { name: string }).name);
    expect(row['Owner.email']).toBe((d.Owner as { email: string }).email);
  });

  it('errors: no where, syntax, unknown column, limit/offset ceilings; 204 for no rows', async () => {
    expect((await q('select Deal_Name from Deals')).body).toMatchObject({
      code: 'SYNTAX_ERROR',
      details: { clause: 'where' },
    });
    expect((await q('select Deal_Name from Deals where Stage = ')).body.code).toBe('SYNTAX_ERROR');
    expect((await q('select Nope from Deals where id is not null')).body).toMatchObject({
      code: 'INVALID_QUERY',
      details: { column_name: 'Nope' },
    });
    expect((await q('select id from Deals where id is not null limit 2001')).body.code).toBe('LIMIT_EXCEEDED');
    expect((await q('select id from Deals where id is not null limit 10 offset 100001')).body.code).toBe(
      'LIMIT_EXCEEDED',
    );
    expect((await q("select id from Deals where Deal_Name = 'nothing like this'")).status).toBe(204);
  });

  it('more than two criteria must be bracketed in pairs, else SYNTAX_ERROR', async () => {
    const all = api.sb.dumpDeals();
    const [lo, hi] = [all[10].id, all[40].id];
    for (const where of [
      `id > '${lo}' and id < '${hi}' and Amount > 0`,
      `id > '${lo}' or id < '${hi}' and Amount > 0`,
      `(id > '${lo}' and id < '${hi}' and Amount > 0)`,
    ]) {
      const r = await q(`select id from Deals where ${where} limit 200`);
      expect(r.status, where).toBe(400);
      expect(r.body, where).toMatchObject({ code: 'SYNTAX_ERROR', status: 'error' });
      expectValid('coql.yaml', '/coql', 'post', 400, r.body);
    }
    const expected = all.filter((d) => d.id > lo && d.id < hi && (d.Amount as number) > 0).map((d) => d.id);
    for (const where of [
      `(id > '${lo}' and id < '${hi}') and Amount > 0`,
      `id > '${lo}' and (id < '${hi}' and Amount > 0)`,
      `((id > '${lo}' and id < '${hi}') and (Amount > 0 and id is not null))`,
    ]) {
      const r = await q(`select id from Deals where ${where} limit 200`);
      expect(r.status, where).toBe(200);
      expect(r.body.data.map((d: { id: string }) => d.id)).toEqual(expected);
    }
  });

  it("selects up to 500 columns (more than Get Records' 50)", async () => {
    const dotted = [
      'Account_Name.id',
      'Account_Name.Account_Name',
      'Contact_Name.id',
      'Contact_Name.Full_Name',
      ...['id', 'email', 'first_name', 'last_name', 'full_name'].flatMap((f) =>
        ['Owner', 'Created_By', 'Modified_By'].map((l) => `${l}.${f}`),
      ),
    ];
    const distinct = [...DEAL_FIELD_BY_API.keys(), ...dotted];
    // The demo org has fewer than 50 selectable columns: some are listed twice to pass 50.
    const columns = [...distinct, ...distinct.slice(0, 60 - distinct.length)];
    expect(columns.length).toBe(60);
    const wide = await q(`select ${columns.join(', ')} from Deals where id is not null limit 5`);
    expect(wide.status).toBe(200);
    expect(Object.keys(wide.body.data[0]).sort()).toEqual([...new Set([...distinct, 'id'])].sort());
    expectValid('coql.yaml', '/coql', 'post', 200, wide.body);
    const tooWide = await q(`select ${Array(501).fill('Deal_Name').join(', ')} from Deals where id is not null`);
    expect(tooWide.status).toBe(400);
    expect(tooWide.body).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { by: 'select', limit: 500 } });
  });

  it('credits by LIMIT: 1 up to 200, 2 up to 1000, 3 up to 2000', async () => {
    const before = api.sb.stats().creditsUsed;
    await q('select id from Deals where id is not null limit 200');
    await q('select id from Deals where id is not null limit 1000');
    await q('select id from Deals where id is not null limit 2000');
    expect(api.sb.stats().creditsUsed - before).toBe(6);
  });
});
