import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withApi, type Api } from '../helpers/sandbox';

let api: Api;
let receiver: Server;
let hookUrl = '';
/* eslint-disable @typescript-eslint/no-explicit-any -- callback bodies are checked field by field */
const received: any[] = [];
let clock = Date.parse('2026-05-02T03:00:00Z');

/** A loopback server that hands each request's JSON body to `onBody` and answers with its status. */
async function callbackServer(
  onBody: (body: any) => number | Promise<number>,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', async () => res.writeHead(await onBody(JSON.parse(text))).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server };
}

beforeAll(async () => {
  const cb = await callbackServer((body) => {
    received.push(body);
    return 200;
  });
  receiver = cb.server;
  hookUrl = cb.url;
  api = await withApi({ deals: 30, now: () => new Date(clock), accessTokenTtlSec: 30 * 86_400 });
});
afterAll(async () => {
  await api.sb.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe('notifications', () => {
  it('callbacks carry the registered token for API and control changes, and stop after expiry', async () => {
    const expiry = new Date(clock + 3600_000).toISOString();
    const en = await api.call('POST', '/crm/v8/actions/watch', {
      body: {
        watch: [
          {
            channel_id: '1000000068001',
            events: ['Deals.all'],
            notify_url: hookUrl,
            token: 'secret-token-1',
            channel_expiry: expiry,
          },
        ],
      },
    });
    expect(en.status).toBe(201);
    const [a, b] = api.sb.dumpDeals();
    await api.call('PUT', '/crm/v8/Deals', {
      body: {
        data: [
          { id: a.id, Next_Step: 'x' },
          { id: b.id, Amount: 123 },
        ],
      },
    });
    api.sb.editDeal(a.id, { Stage: 'Negotiation (80)' });
    const created = api.sb.createDeal({ Deal_Name: 'Hook', Stage: 'Qualification (10)', Closing_Date: '2026-08-01' });
    api.sb.deleteDeal(created.id);
    await api.sb.drainNotifications();
    expect(received.map((r) => r.operation)).toEqual(['update', 'update', 'insert', 'delete']);
    expect(received[0]).toMatchObject({
      module: 'Deals',
      ids: [a.id, b.id],
      channel_id: '1000000068001',
      token: 'secret-token-1',
      resource_uri: `${api.sb.baseUrl}/crm/v8/Deals`,
    });
    expect(received[0].affected_fields).toEqual([{ [a.id]: ['Next_Step'] }, { [b.id]: ['Amount'] }]);
    expect(received[1].affected_fields[0][a.id]).toEqual(expect.arrayContaining(['Stage', 'Probability']));
    expect(typeof received[0].server_time).toBe('number');

    received.length = 0;
    clock += 3600_000 + 1000;
    api.sb.editDeal(a.id, { Next_Step: 'after expiry' });
    await api.sb.drainNotifications();
    expect(received).toHaveLength(0);
    expect((await api.call('GET', '/crm/v8/actions/watch')).status).toBe(204);
  });

  it('turns an expiry beyond a week into one hour, refuses tokens over 50 chars; disable stops callbacks', async () => {
    const beyond = await api.call('POST', '/crm/v8/actions/watch', {
      body: {
        watch: [
          {
            channel_id: 7,
            events: ['Deals.all'],
            notify_url: hookUrl,
            channel_expiry: new Date(clock + 8 * 86_400_000).toISOString(),
          },
        ],
      },
    });
    expect(beyond.status).toBe(201);
    const expiry = Date.parse(beyond.body.watch[0].details.events[0].channel_expiry);
    expect(expiry - clock).toBe(3600_000);
    const longToken = await api.call('POST', '/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: 9, events: ['Deals.all'], notify_url: hookUrl, token: 'x'.repeat(51) }] },
    });
    expect(longToken.status).toBe(400);
    expect(longToken.body.watch[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'token' } });
    await api.call('DELETE', '/crm/v8/actions/watch?channel_ids=7');
    const ok = await api.call('POST', '/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: '8', events: ['Deals.edit'], notify_url: hookUrl, token: 't8' }] },
    });
    expect(ok.status).toBe(201);
    const list = await api.call('GET', '/crm/v8/actions/watch');
    expect(list.body.watch.map((w: { channel_id: string }) => w.channel_id)).toEqual(['8']);
    await api.call('DELETE', '/crm/v8/actions/watch?channel_ids=8');
    received.length = 0;
    api.sb.editDeal(api.sb.dumpDeals()[0].id, { Next_Step: 'quiet' });
    await api.sb.drainNotifications();
    expect(received).toHaveLength(0);
  });

  it('channel ids must be numbers: a JSON integer or digits; anything else is INVALID_DATA', async () => {
    const r = await api.call('POST', '/crm/v8/actions/watch', {
      body: {
        watch: [
          { channel_id: 'abc', events: ['Deals.all'], notify_url: hookUrl },
          { channel_id: 1.5, events: ['Deals.all'], notify_url: hookUrl },
        ],
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.watch.map((w: { code: string }) => w.code)).toEqual(['INVALID_DATA', 'INVALID_DATA']);
    expect((await api.call('GET', '/crm/v8/actions/watch')).status).toBe(204);
  });

  it('sends affected_values when asked, and PATCH with _delete_events removes events', async () => {
    const en = await api.call('POST', '/crm/v8/actions/watch', {
      body: {
        watch: [
          {
            channel_id: 4242,
            events: ['Deals.edit', 'Deals.delete'],
            notify_url: `${hookUrl}?ws=acme`,
            token: 'tv',
            return_affected_field_values: true,
          },
        ],
      },
    });
    expect(en.status).toBe(201);
    const id = api.sb.dumpDeals()[3].id;
    received.length = 0;
    await api.call('PUT', '/crm/v8/Deals', { body: { data: [{ id, Amount: 4321 }] } });
    await api.sb.drainNotifications();
    expect(received).toHaveLength(1);
    expect(received[0].affected_values).toEqual([{ record_id: id, values: { Amount: 4321 } }]);
    expect(received[0].query_params).toEqual({ ws: 'acme' });

    const patched = await api.call('PATCH', '/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: 4242, events: ['Deals.edit'], _delete_events: true }] },
    });
    expect(patched.status).toBe(200);
    const list = await api.call('GET', '/crm/v8/actions/watch');
    expect(list.body.watch[0].events).toEqual(['Deals.delete']);
    received.length = 0;
    api.sb.editDeal(id, { Next_Step: 'no longer watched' });
    api.sb.deleteDeal(id);
    await api.sb.drainNotifications();
    expect(received.map((r) => r.operation)).toEqual(['delete']);
    const unknown = await api.call('PATCH', '/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: 999, token: 'x' }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.watch[0].code).toBe('NOT_SUBSCRIBED');
    await api.call('DELETE', '/crm/v8/actions/watch?channel_ids=4242');
  });

  it('sends a callback only after the change committed: the record already reads the new value', async () => {
    const seen: unknown[] = [];
    const { url, server: reader } = await callbackServer(async (cb) => {
      const r = await api.call('GET', `/crm/v8/Deals/${cb.ids[0]}`);
      seen.push(r.body.data[0].Next_Step);
      return 200;
    });
    await api.call('POST', '/crm/v8/actions/watch', {
      body: { watch: [{ channel_id: 55, events: ['Deals.edit'], notify_url: url, token: 'c' }] },
    });
    const id = api.sb.dumpDeals()[5].id;
    await api.call('PUT', '/crm/v8/Deals', { body: { data: [{ id, Next_Step: 'committed first' }] } });
    await api.sb.drainNotifications();
    expect(seen).toEqual(['committed first']);
    await api.call('DELETE', '/crm/v8/actions/watch?channel_ids=55');
    await new Promise<void>((r) => reader.close(() => r()));
  });
});

describe('notification retries', () => {
  it('retries a callback while the receiver is down and delivers it once it is back', async () => {
    const sb = await withApi({ deals: 5, notifyRetryDelaysMs: [100, 200, 400, 800] });
    let up = false;
    const got: unknown[] = [];
    const { url, server: flaky } = await callbackServer((body) => {
      if (!up) return 503;
      got.push(body);
      return 200;
    });
    try {
      await sb.call('POST', '/crm/v8/actions/watch', {
        body: { watch: [{ channel_id: 1, events: ['Deals.all'], notify_url: url, token: 'r' }] },
      });
      sb.sb.editDeal(sb.sb.dumpDeals()[0].id, { Next_Step: 'while down' });
      await expect.poll(() => sb.sb.stats().notificationsRetried).toBeGreaterThanOrEqual(1);
      expect(got).toHaveLength(0);
      up = true;
      await sb.sb.drainNotifications();
      expect(got).toHaveLength(1);
      expect(sb.sb.stats()).toMatchObject({ notificationsSent: 1, notificationsFailed: 0 });

      up = false;
      sb.sb.editDeal(sb.sb.dumpDeals()[1].id, { Next_Step: 'never back' });
      await sb.sb.drainNotifications();
      expect(sb.sb.stats().notificationsFailed).toBe(1);
    } finally {
      await sb.sb.close();
      await new Promise<void>((r) => flaky.close(() => r()));
    }
  });
});
