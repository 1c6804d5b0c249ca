import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withApi, type Api } from '../helpers/sandbox';
import { expectValid } from '../helpers/oas';

let api: Api;
let clock = Date.parse('2026-05-02T03:00:00Z');
beforeAll(async () => {
  api = await withApi({ deals: 2300, now: () => new Date(clock) });
});
afterAll(() => api.sb.close());

describe('GET /crm/v8/Deals', () => {
  it('requires fields (400 REQUIRED_PARAM_MISSING) and caps them at 50', async () => {
    const r = await api.call('GET', '/crm/v8/Deals');
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'fields' },
      message: 'One of the expected parameter is missing',
      status: 'error',
    });
    const many = Array.from({ length: 51 }, (_, i) => `F${i}`).join(',');
    const tooMany = await api.call('GET', `/crm/v8/Deals?fields=${many}`);
    expect(tooMany.body).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 50, param_name: 'fields' } });
    const unknown = await api.call('GET', '/crm/v8/Deals?fields=Deal_Name,Nope');
    expect(unknown.body).toMatchObject({ code: 'INVALID_DATA', details: { param_name: 'fields', api_name: 'Nope' } });
    for (const e of [r, tooMany, unknown]) expectValid('record.yaml', '/{module}', 'get', 400, e.body);
    expect((await api.call('GET', '/crm/v8/Deals?fields=Deal_Name&per_page=201')).status).toBe(400);
  });

  it('page 10 of 200 works, page 11 fails; page_token reaches record 2,001 onward', async () => {
    const p10 = await api.call('GET', '/crm/v8/Deals?fields=Deal_Name&per_page=200&page=10&sort_by=id&sort_order=asc');
    expect(p10.status).toBe(200);
    expect(p10.body.data).toHaveLength(200);
    const p11 = await api.call('GET', '/crm/v8/Deals?fields=Deal_Name&per_page=200&page=11&sort_by=id&sort_order=asc');
    expect(p11.status).toBe(400);
    expect(p11.body.code).toBe('DISCRETE_PAGINATION_LIMIT_EXCEEDED');
    const ids = api.sb.dumpDeals().map((d) => d.id);
    const next = await api.call(
      'GET',
      `/crm/v8/Deals?fields=Deal_Name&per_page=200&page_token=${p10.body.info.next_page_token}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.data[0].id).toBe(ids[2000]);
    expect(next.body.info.more_records).toBe(true);
    const last = await api.call(
      'GET',
      `/crm/v8/Deals?fields=Deal_Name&per_page=200&page_token=${next.body.info.next_page_token}`,
    );
    expect(last.body.data.map((d: { id: string }) => d.id)).toEqual(ids.slice(2200));
    expect(last.body.info).toMatchObject({ more_records: false, next_page_token: null });
  });

  it('only returns requested fields plus id, lookups as objects, sorts', async () => {
    const r = await api.call(
      'GET',
      '/crm/v8/Deals?fields=Account_Name,Owner,Amount&per_page=3&sort_by=Modified_Time&sort_order=desc',
    );
    const [a, b] = r.body.data;
    expect(Object.keys(a).sort()).toEqual(['Account_Name', 'Amount', 'Owner', 'id']);
    expect(a.Account_Name).toEqual({ name: expect.any(String), id: expect.stringMatching(/^\d{19}$/) });
    expect(a.Owner).toEqual({ name: expect.any(String), id: expect.any(String), email: expect.any(String) });
    const mod = new Map(api.sb.dumpDeals().map((d) => [d.id, Date.parse(d.Modified_Time)]));
    expect(mod.get(a.id)!).toBeGreaterThanOrEqual(mod.get(b.id)!);
  });

  it('If-Modified-Since: only newer records, 304 when none', async () => {
    const newest = Math.max(...api.sb.dumpDeals().map((d) => Date.parse(d.Modified_Time)));
    const since = new Date(newest + 1000).toISOString();
    const none = await api.call('GET', '/crm/v8/Deals?fields=Deal_Name', { headers: { 'If-Modified-Since': since } });
    expect(none.status).toBe(304);
    clock = newest + 60_000;
    const id = api.sb.dumpDeals()[5].id;
    api.sb.editDeal(id, { Next_Step: 'Call back' });
    const some = await api.call('GET', '/crm/v8/Deals?fields=Deal_Name,Modified_Time', {
      headers: { 'If-Modified-Since': since },
    });
    expect(some.status).toBe(200);
    expect(some.body.data.map((d: { id: string }) => d.id)).toEqual([id]);
  });

  it('GET one, 204 for a missing id', async () => {
    const id = api.sb.dumpDeals()[1].id;
    const r = await api.call('GET', `/crm/v8/Deals/${id}`);
    expect(r.body.data[0].id).toBe(id);
    expect(r.body.data[0]).toHaveProperty('Proposal_Submission_date');
    expect((await api.call('GET', '/crm/v8/Deals/5843219999999999999')).status).toBe(204);
  });
});

describe('writes', () => {
  it('rejects 101 records in one PUT or POST, with LIMIT_EXCEEDED inside data[]', async () => {
    const ids = api.sb
      .dumpDeals()
      .slice(0, 101)
      .map((d) => ({ id: d.id, Next_Step: 'x' }));
    const r = await api.call('PUT', '/crm/v8/Deals', { body: { data: ids } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      data: [
        {
          code: 'LIMIT_EXCEEDED',
          details: { maximum_length: 100, api_name: 'data' },
          message: 'count of records in your request exceeds the limit',
          status: 'error',
        },
      ],
    });
    expectValid('record.yaml', '/{module}', 'put', 400, r.body);
    const post = await api.call('POST', '/crm/v8/Deals', {
      body: { data: ids.map(() => ({ Deal_Name: 'x', Stage: 'Qualification (10)', Closing_Date: '2026-12-31' })) },
    });
    expect(post.status).toBe(400);
    expect(post.body.data).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED' })]);
    const ok = await api.call('PUT', '/crm/v8/Deals', { body: { data: ids.slice(0, 100) } });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toHaveLength(100);
  });

  it('per-record results and validation', async () => {
    const [a] = api.sb.dumpDeals();
    const r = await api.call('PUT', '/crm/v8/Deals', {
      body: {
        data: [
          { id: a.id, Kick_off_Date: '2026-04-30', Stage: 'Project Kicked off (95)' },
          { id: a.id, Kick_off_Date: '30/04/2026' },
          { id: a.id, Probability: 101 },
          { id: a.id, Amount: 'lots' },
          { id: a.id, Stage: 'Dreaming' },
          { id: a.id, Bogus_Field: 1 },
          { Deal_Name: 'no id' },
          { id: '5843219999999999999', Deal_Name: 'gone' },
        ],
      },
    });
    expect(r.status).toBe(207);
    const codes = r.body.data.map((d: { code: string }) => d.code);
    expect(codes).toEqual([
      'SUCCESS',
      'INVALID_DATA',
      'INVALID_DATA',
      'INVALID_DATA',
      'INVALID_DATA',
      'INVALID_DATA',
      'MANDATORY_NOT_FOUND',
      'INVALID_DATA',
    ]);
    expect(r.body.data[1].details.api_name).toBe('Kick_off_Date');
    expect(r.body.data[5].details.api_name).toBe('Bogus_Field');
    const after = api.sb.dumpDeals()[0];
    expect(after.Probability).toBe(95);
    expect(Date.parse(after.Modified_Time)).toBeGreaterThan(Date.parse(a.Modified_Time));
    expect(r.body.data[0].details.Modified_Time).toBe(after.Modified_Time);
  });

  it('If-Unmodified-Since: per record ALREADY_MODIFIED; 207 when some were written, 412 when none', async () => {
    const [a, b, c] = api.sb.dumpDeals().slice(20, 23);
    const seen = [a, b, c].map((d) => Date.parse(d.Modified_Time)).reduce((x, y) => Math.max(x, y));
    const ius = new Date(seen).toISOString();
    clock = Math.max(clock, seen) + 5_000;
    const changed = api.sb.editDeal(b.id, { Next_Step: 'Changed in CRM' });
    const mixed = await api.call('PUT', '/crm/v8/Deals', {
      body: {
        data: [
          { id: a.id, Invoice_Date: '2026-04-01' },
          { id: b.id, Invoice_Date: '2026-04-01' },
          { id: c.id, Invoice_Date: '2026-04-01' },
        ],
      },
      headers: { 'If-Unmodified-Since': ius },
    });
    expect(mixed.status).toBe(207);
    expect(mixed.body.data.map((d: { code: string }) => d.code)).toEqual(['SUCCESS', 'ALREADY_MODIFIED', 'SUCCESS']);
    expect(mixed.body.data[1]).toEqual({
      code: 'ALREADY_MODIFIED',
      details: {
        Modified_Time: changed.Modified_Time,
        Modified_By: { name: expect.any(String), id: expect.any(String) },
        Created_Time: b.Created_Time,
        id: b.id,
        Created_By: { name: expect.any(String), id: expect.any(String) },
      },
      message: 'record updated time has already passed if-unmodified-since time',
      status: 'error',
    });
    expectValid('record.yaml', '/{module}', 'put', 207, mixed.body);
    const after = new Map(api.sb.dumpDeals().map((d) => [d.id, d]));
    expect(after.get(b.id)).toMatchObject({ Next_Step: 'Changed in CRM', Invoice_Date: b.Invoice_Date ?? null });
    expect(after.get(a.id)!.Invoice_Date).toBe('2026-04-01');

    const none = await api.call('PUT', '/crm/v8/Deals', {
      body: { data: [{ id: b.id, Invoice_Date: '2026-04-02' }] },
      headers: { 'If-Unmodified-Since': ius },
    });
    expect(none.status).toBe(412);
    expect(none.body.data).toEqual([expect.objectContaining({ code: 'ALREADY_MODIFIED', status: 'error' })]);
    expectValid('record.yaml', '/{module}', 'put', 412, none.body);
  });

  it('If-Unmodified-Since on one record: 412 when it changed after it', async () => {
    const d = api.sb.dumpDeals()[10];
    const seen = d.Modified_Time;
    clock += 5_000;
    api.sb.editDeal(d.id, { Next_Step: 'Changed in CRM' });
    const r = await api.call('PUT', `/crm/v8/Deals/${d.id}`, {
      body: { data: [{ Invoice_Date: '2026-04-01' }] },
      headers: { 'If-Unmodified-Since': seen },
    });
    expect(r.status).toBe(412);
    expect(r.body.data[0]).toMatchObject({ code: 'ALREADY_MODIFIED', details: { id: d.id } });
    expectValid('record.yaml', '/{module}/{recordId}', 'put', 412, r.body);
    const now = api.sb.dumpDeals()[10].Modified_Time;
    const ok = await api.call('PUT', `/crm/v8/Deals/${d.id}`, {
      body: { data: [{ Invoice_Date: '2026-04-01' }] },
      headers: { 'If-Unmodified-Since': now },
    });
    expect(ok.status).toBe(200);
  });

  it('create, mandatory fields, delete, then visible in /Deals/deleted', async () => {
    const bad = await api.call('POST', '/crm/v8/Deals', { body: { data: [{ Deal_Name: 'x' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.data[0]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Stage' } });
    const c = await api.call('POST', '/crm/v8/Deals', {
      body: {
        data: [
          {
            Deal_Name: 'New one',
            Stage: 'Qualification (10)',
            Closing_Date: '2026-09-30',
            Currency: 'INR',
            Amount: 5000000,
          },
        ],
      },
    });
    expect(c.status).toBe(201);
    const id = c.body.data[0].details.id;
    expect(id).toMatch(/^\d{19}$/);
    const rec = (await api.call('GET', `/crm/v8/Deals/${id}`)).body.data[0];
    expect(rec).toMatchObject({ Probability: 10, Exchange_Rate: 62.15, Currency: 'INR' });
    const before = new Date(clock - 1000).toISOString();
    const del = await api.call('DELETE', `/crm/v8/Deals?ids=${id},5843219999999999999`);
    expect(del.status).toBe(207);
    const deleted = await api.call('GET', '/crm/v8/Deals/deleted?type=all', {
      headers: { 'If-Modified-Since': before },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data[0]).toMatchObject({ id, display_name: 'New one', type: 'recycle' });
    expect((await api.call('GET', `/crm/v8/Deals/${id}`)).status).toBe(204);
    const later = new Date(clock + 60_000).toISOString();
    expect(
      (await api.call('GET', '/crm/v8/Deals/deleted?type=all', { headers: { 'If-Modified-Since': later } })).status,
    ).toBe(304);
  });

  it('/deleted with a bad type: PATTERN_NOT_MATCHED inside data[]', async () => {
    const r = await api.call('GET', '/crm/v8/Deals/deleted?type=binned');
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      data: [
        {
          code: 'PATTERN_NOT_MATCHED',
          details: { param_name: 'type' },
          message: 'Please check whether the input values are correct',
          status: 'error',
        },
      ],
    });
    expectValid('record.yaml', '/{module}/deleted', 'get', 400, r.body);
  });

  it('204 when the module is empty', async () => {
    const small = await withApi({ deals: 1 });
    try {
      small.sb.deleteDeal(small.sb.dumpDeals()[0].id);
      expect((await small.call('GET', '/crm/v8/Deals?fields=Deal_Name')).status).toBe(204);
    } finally {
      await small.sb.close();
    }
  });
});
