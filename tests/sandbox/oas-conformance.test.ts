/**
 * Walks every endpoint the app uses and validates each sandbox body against the schema Zoho's
 * OpenAPI files give for that operation and status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid } from './oas';
import { withApi, type Api } from './helpers';

let api: Api;
beforeAll(async () => {
  api = await withApi({ deals: 250 });
});
afterAll(() => api.sb.close());

const RECORD = '/crm/v8/{module_api_name}';

describe('sandbox responses match Zoho OAS v8', () => {
  it('GET /Deals (page and page_token)', async () => {
    const r = await api.call(
      'GET',
      '/crm/v8/Deals?fields=Deal_Name,Stage,Amount,Account_Name,Owner,Closing_Date,Modified_Time,Solution_Type&per_page=100',
    );
    expect(r.status).toBe(200);
    expectValid('record.json', RECORD, 'get', 200, r.body);
    const r2 = await api.call('GET', `/crm/v8/Deals?fields=Deal_Name&page_token=${r.body.info.next_page_token}`);
    expectValid('record.json', RECORD, 'get', 200, r2.body);
  });

  it('GET /Deals/{id}', async () => {
    const id = api.sb.dumpDeals()[0].id;
    const r = await api.call('GET', `/crm/v8/Deals/${id}`);
    expect(r.status).toBe(200);
    expectValid('record.json', `${RECORD}/{id}`, 'get', 200, r.body);
  });

  it('PUT, POST, DELETE /Deals and GET /Deals/deleted', async () => {
    const [a, b] = api.sb.dumpDeals();
    const put = await api.call('PUT', '/crm/v8/Deals', {
      body: {
        data: [
          { id: a.id, Stage: 'Negotiation (80)' },
          { id: b.id, Probability: 500 },
        ],
      },
    });
    expect(put.status).toBe(207);
    expectValid('record.json', RECORD, 'put', 200, put.body);
    const one = await api.call('PUT', `/crm/v8/Deals/${a.id}`, { body: { data: [{ Kick_off_Date: '2026-01-05' }] } });
    expectValid('record.json', `${RECORD}/{id}`, 'put', 200, one.body);
    const post = await api.call('POST', '/crm/v8/Deals', {
      body: { data: [{ Deal_Name: 'OAS check', Stage: 'Qualification (10)', Closing_Date: '2026-12-31' }] },
    });
    expect(post.status).toBe(201);
    expectValid('record.json', RECORD, 'post', 200, post.body);
    const del = await api.call('DELETE', `/crm/v8/Deals?ids=${post.body.data[0].details.id}`);
    expectValid('record.json', RECORD, 'delete', 200, del.body);
    const deleted = await api.call('GET', '/crm/v8/Deals/deleted?type=all');
    expect(deleted.status).toBe(200);
    expectValid('record.json', `${RECORD}/deleted`, 'get', 200, deleted.body);
  });

  it('error bodies of records calls', async () => {
    const r = await api.call('GET', '/crm/v8/Deals');
    expect(r.status).toBe(400);
    expectValid('record.json', RECORD, 'get', 200, r.body); // the OAS files errors under 200's oneOf
    const bad = await api.call('PUT', '/crm/v8/Deals', {
      body: { data: Array.from({ length: 101 }, (_, i) => ({ id: String(i) })) },
    });
    expectValid('record.json', RECORD, 'put', 200, bad.body);
  });

  it('POST /coql (rows and errors)', async () => {
    const ok = await api.call('POST', '/crm/v8/coql', {
      body: {
        select_query:
          'select Deal_Name, Account_Name, Account_Name.Account_Name, Modified_Time from Deals where Amount > 0 limit 5',
      },
    });
    expect(ok.status).toBe(200);
    expectValid('coql.json', '/crm/v8/coql', 'post', 200, ok.body);
    for (const q of [
      'select Deal_Name from Deals',
      'select Deal_Name frm Deals where id is not null',
      'select Nope from Deals where id is not null',
      'select id from Deals where id is not null limit 2001',
    ]) {
      const e = await api.call('POST', '/crm/v8/coql', { body: { select_query: q } });
      expect(e.status, q).toBe(400);
      expectValid('coql.json', '/crm/v8/coql', 'post', 400, e.body);
    }
  });

  it('metadata: fields, layouts, pipeline, currencies, org, users', async () => {
    for (const m of ['Deals', 'Accounts', 'Contacts']) {
      const f = await api.call('GET', `/crm/v8/settings/fields?module=${m}`);
      expect(f.status).toBe(200);
      expectValid('fields.json', '/crm/v8/settings/fields', 'get', 200, f.body);
    }
    const l = await api.call('GET', '/crm/v8/settings/layouts?module=Deals');
    expectValid('layouts.json', '/crm/v8/settings/layouts', 'get', 200, l.body);
    const layoutId = l.body.layouts[0].id;
    const p = await api.call('GET', `/crm/v8/settings/pipeline?layout_id=${layoutId}`);
    expect(p.status).toBe(200);
    expectValid('pipeline.json', '/crm/v8/settings/pipeline', 'get', 200, p.body);
    const c = await api.call('GET', '/crm/v8/org/currencies');
    expectValid('currencies.json', '/crm/v8/org/currencies', 'get', 200, c.body);
    const o = await api.call('GET', '/crm/v8/org');
    expectValid('org.json', '/crm/v8/org', 'get', 200, o.body);
    const u = await api.call('GET', '/crm/v8/users?type=CurrentUser');
    expectValid('users.json', '/crm/v8/users', 'get', 200, u.body);
  });

  it('notifications: enable, list, update, disable', async () => {
    const watch = {
      channel_id: '1000000068001',
      events: ['Deals.all'],
      notify_url: 'http://127.0.0.1:9/hook',
      token: 'tok',
      channel_expiry: new Date(Date.now() + 3600_000).toISOString(),
    };
    const e = await api.call('POST', '/crm/v8/actions/watch', { body: { watch: [watch] } });
    expect(e.status).toBe(201);
    expectValid('notifications.json', '/crm/v8/actions/watch', 'post', 201, e.body);
    const l = await api.call('GET', '/crm/v8/actions/watch');
    expectValid('notifications.json', '/crm/v8/actions/watch', 'get', 200, l.body);
    const u = await api.call('PUT', '/crm/v8/actions/watch', { body: { watch: [{ ...watch, token: 'tok2' }] } });
    expectValid('notifications.json', '/crm/v8/actions/watch', 'put', 200, u.body);
    const pa = await api.call('PATCH', '/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: watch.channel_id, token: 'tok3' }] },
    });
    expectValid('notifications.json', '/crm/v8/actions/watch', 'patch', 200, pa.body);
    const bad = await api.call('POST', '/crm/v8/actions/watch', {
      body: { watch: [{ ...watch, token: 'x'.repeat(51) }] },
    });
    expect(bad.status).toBe(202);
    expectValid('notifications.json', '/crm/v8/actions/watch', 'post', 202, bad.body);
    const d = await api.call('DELETE', `/crm/v8/actions/watch?channel_ids=${watch.channel_id}`);
    expectValid('notifications.json', '/crm/v8/actions/watch', 'delete', 200, d.body);
  });
});
