import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withApi, type Api } from '../helpers/sandbox';

let api: Api;
let receiver: Server;
let hookUrl = '';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- callback bodies are checked field by field
const received: any[] = [];
let clock = Date.parse('2026-05-02T03:00:00Z');

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/zoho/notify`;
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

  it('rejects expiry beyond a week and tokens over 50 chars; disable stops callbacks', async () => {
    const tooLong = await api.call('POST', '/crm/v8/actions/watch', {
      body: {
        watch: [
          {
            channel_id: '7',
            events: ['Deals.all'],
            notify_url: hookUrl,
            channel_expiry: new Date(clock + 8 * 86_400_000).toISOString(),
          },
        ],
      },
    });
    expect(tooLong.body.watch[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'channel_expiry' } });
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
});
