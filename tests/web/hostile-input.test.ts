import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPulse } from '../helpers/pulse-process';
import {
  isRunning,
  openApi,
  apiCall,
  rawExchange,
  startWebProcess,
  textFrame,
  upgradeRequest,
  validCallWorks,
  wsFrame,
} from '../helpers/raw-socket';

/**
 * Issue 18, defects 1–3: single requests that used to end `pulse web`. Each runs against the real
 * `pulse web` process; "the host stays up" means that process is still running and answers a
 * valid call afterwards.
 */
describe('pulse web survives hostile input (real process)', () => {
  let proc: RunningPulse;
  let port: number;
  let token: string;
  beforeAll(async () => {
    ({ proc, port, token } = await startWebProcess());
  });
  afterAll(async () => proc?.stop());

  it('answers a malformed percent-encoding in the path with 400 instead of crashing (defect 1)', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/assets/%C0', '/%ZZ/index.html']) {
      const r = await rawExchange(port, [`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`]);
      expect(r.status, path).toBe(400);
      expect(r.closedByServer, path).toBe(true);
    }
    const absolute = await rawExchange(port, ['GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n']);
    expect(absolute.status).toBe(400);
    expect(isRunning(proc)).toBe(true);
    expect(await validCallWorks(port, token)).toBe(true);
    // The page itself is still served.
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('survives WebSocket upgrades without the token that are cut with a TCP reset (defect 2)', async () => {
    const request = upgradeRequest('/api');
    for (let i = 0; i < 20; i++) {
      // Reset right after the request (before the 403 is written) and part-way through it.
      await rawExchange(port, [request], { resetAfter: request.length });
      await rawExchange(port, [request], { resetAfter: 1 + ((i * 7) % (request.length - 1)) });
    }
    // A refused upgrade that is not reset gets its 403 and is closed by the host.
    const refused = await rawExchange(port, [request]);
    expect(refused.status).toBe(403);
    expect(refused.closedByServer).toBe(true);
    expect(isRunning(proc)).toBe(true);
    expect(await validCallWorks(port, token)).toBe(true);
  });

  it('closes a socket that breaks the WebSocket protocol with the matching close code, and only that socket (defect 3)', async () => {
    const bystander = await openApi(port, token);
    const cases: [string, Buffer, number][] = [
      ['a text frame over 1 MiB', textFrame(Buffer.alloc(1024 * 1024 + 1, 0x61)), 1009],
      ['a frame claiming 2 GiB', textFrame('x', { declaredLength: 2 ** 31 }), 1009],
      ['invalid UTF-8', textFrame(Buffer.from([0x7b, 0xc3, 0x28, 0x7d])), 1007],
      ['a reserved data opcode', wsFrame({ opcode: 3, payload: 'x' }), 1002],
      ['a reserved control opcode', wsFrame({ opcode: 0xb, payload: 'x' }), 1002],
      ['an unmasked frame', textFrame('{}', { mask: false }), 1002],
      ['RSV1 set', textFrame('{}', { rsv: 4 }), 1002],
      ['a binary frame', wsFrame({ opcode: 2, payload: '{"type":"call"}' }), 1003],
      ['text that is not a call', textFrame('{"type":"call","id":"1","name":7}'), 1003],
    ];
    for (const [what, frame, code] of cases) {
      const r = await rawExchange(port, [upgradeRequest(`/api?token=${token}`), frame]);
      expect(r.status, what).toBe(101);
      expect(r.closeCode, what).toBe(code);
      expect(r.closedByServer, what).toBe(true);
    }
    expect(isRunning(proc)).toBe(true);
    // A socket that did nothing wrong kept working all along.
    expect(await apiCall(bystander, 'settings.get')).toMatchObject({ ok: true });
    bystander.close();
  });
});
