/**
 * Everything that is not Zoho's notification for our channel with our token is refused with its
 * status and changes nothing: no fetch, no store write, no event logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_TOKEN } from '../../src-main/core/connection/secret-names';
import { hookRig, type HookRig } from '../helpers/webhook-rig';

let r: HookRig;
let token = '';
let channelId = '';
let dealId = '';
let storeBefore = '';

const eventCount = () =>
  r.core.ctx.store.sqlite
    .prepare("SELECT count(*) FROM webhook_events WHERE operation <> 'test'")
    .pluck()
    .get() as number;
const storeState = () =>
  JSON.stringify(r.core.ctx.store.sqlite.prepare('SELECT id, stage, amount FROM deals ORDER BY id').all());

function body(over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    server_time: Date.now(),
    query_params: {},
    module: 'Deals',
    resource_uri: `${r.sb.baseUrl}/crm/v8/Deals`,
    ids: [dealId],
    affected_fields: [{ [dealId]: ['Stage'] }],
    operation: 'update',
    channel_id: channelId,
    token,
    ...over,
  });
}

const post = (text: string, headers: Record<string, string> = {}) =>
  fetch(r.receiverUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: text });

beforeAll(async () => {
  r = await hookRig();
  const s = await r.call('webhook.setup', {
    publicUrl: r.receiverUrl,
    listenHost: '127.0.0.1',
    listenPort: r.port,
  });
  channelId = s.channelId!;
  // The demo workspace keeps its token in memory; read it the way the service does.
  token = (await (
    r.core.ctx.webhooks as unknown as { opts: { secrets: () => { get(k: string): Promise<string> } } }
  ).opts
    .secrets()
    .get(WEBHOOK_TOKEN))!;
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  dealId = r.sb.dumpDeals()[0].id;
  // Change the deal in the CRM without a callback: a refused request that fetched anyway would show.
  r.sb.core.crm.update(dealId, { Stage: 'Negotiation (80)' }, 0, false);
  storeBefore = storeState();
});
afterAll(async () => {
  await r.close();
});

describe('the receiver refuses', () => {
  it.each([
    ['a bad token', () => post(body({ token: 'not-the-token' })), 401],
    ['no token', () => post(body({ token: null })), 401],
    ['an unknown channel', () => post(body({ channel_id: '1234567890123' })), 404],
    ['malformed JSON', () => post('{"server_time": 1, "ids": ['), 400],
    ['JSON that is not a notification', () => post(JSON.stringify({ hello: 'world' })), 400],
    ['an unknown operation', () => post(body({ operation: 'merge' })), 400],
    ['an oversized body', () => post(body({ padding: 'x'.repeat(300 * 1024) })), 413],
    ['a GET', () => fetch(r.receiverUrl), 405],
    ['a PUT', () => fetch(r.receiverUrl, { method: 'PUT', body: body() }), 405],
    ['a replayed old event', () => post(body({ server_time: Date.now() - 60 * 60_000 })), 409],
    ['an event from the future', () => post(body({ server_time: Date.now() + 60 * 60_000 })), 409],
  ])('%s, with its status, and nothing changes', async (_name, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).not.toContain(token);
    await r.core.ctx.webhooks.idle();
    expect(eventCount()).toBe(0);
    expect(storeState()).toBe(storeBefore);
  });

  it('the same event twice: the second is a replay (409) and is not applied again', async () => {
    const once = body({ server_time: Date.now() - 1000 });
    expect((await post(once)).status).toBe(200);
    await r.core.ctx.webhooks.idle();
    expect(r.local(dealId)).toBe('Negotiation (80)');
    const calls = r.sb.stats().calls['GET /crm/v8/Deals'];
    expect((await post(once)).status).toBe(409);
    await r.core.ctx.webhooks.idle();
    expect(eventCount()).toBe(1);
    expect(r.sb.stats().calls['GET /crm/v8/Deals']).toBe(calls);
  });

  it('counts what it refused for the status, without the token', async () => {
    const s = await r.call('webhook.status');
    expect(s.refused.count).toBeGreaterThanOrEqual(12);
    expect(s.refused.last).toMatchObject({ status: 409, reason: 'replayed' });
    expect(JSON.stringify(s)).not.toContain(token);
  });

  it('a flood from one address is cut off with 429 before its bodies are read', async () => {
    const results = await Promise.all(
      Array.from({ length: 400 }, () => post(body({ token: 'wrong' })).then((x) => x.status)),
    );
    expect(results).toContain(429);
    expect(results.filter((s) => s !== 429 && s !== 401)).toEqual([]);
  });
});
