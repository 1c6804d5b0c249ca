import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { RunningPulse } from '../helpers/pulse-process';
import {
  apiCall,
  isRunning,
  openApi,
  rawExchange,
  startWebProcess,
  textFrame,
  upgradeRequest,
  validCallWorks,
  wsFrame,
  type RawOutcome,
} from '../helpers/raw-socket';

/**
 * Issue 18, "Must show": a fuzz test of the browser host. Thousands of malformed HTTP requests,
 * upgrades and WebSocket frames — random bytes, bad encodings, oversize, protocol violations,
 * resets at every stage — with and without the token, against the real `pulse web` process.
 * After every batch: the process is still running, a fresh socket's valid call works, and a
 * socket opened before the first batch still answers. Every case that the host must end (as
 * opposed to the ones we cut ourselves) is checked to have been closed by the host, with the
 * right close code where one applies. Seeded, so a failure names a case that can be replayed.
 */

const SEED = Number(process.env.PULSE_FUZZ_SEED ?? 18);
const BATCHES = 20;
const PER_BATCH = 160;
const CONCURRENCY = 16;

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));
  return { next, int, pick, bytes };
}

interface Case {
  name: string;
  chunks: (Buffer | string)[];
  /** 'host': the host must close it (with one of `codes` when a WebSocket close is expected). */
  closer: 'host' | 'us';
  statuses?: number[];
  codes?: number[];
  resetAfter?: number;
  endAfterWrite?: boolean;
}

function makeCases(rnd: ReturnType<typeof prng>, token: string, port: number): Case[] {
  const withToken = () => upgradeRequest(`/api?token=${token}`);
  const badPercent = () =>
    rnd.pick([
      '%',
      '%E0%A4%A',
      '%ZZ',
      '%C0',
      '%ED%A0%80',
      '%F8%88%80%80%80',
      '%00',
      `%${rnd.bytes(1).toString('hex')}`,
    ]);
  const invalidUtf8 = () =>
    rnd.pick([
      Buffer.from([0xc3, 0x28]),
      Buffer.from([0xe2, 0x28, 0xa1]),
      Buffer.from([0xf0, 0x28, 0x8c, 0xbc]),
      Buffer.from([0xff]),
      Buffer.from([0xed, 0xa0, 0x80]),
    ]);
  const call = JSON.stringify({ type: 'call', id: 1, name: 'settings.get', args: {} });
  const generators: (() => Case)[] = [
    () => ({ name: 'random bytes', chunks: [rnd.bytes(rnd.int(1, 2000))], closer: 'host', endAfterWrite: true }),
    () => ({
      name: 'bad percent-encoding in the path',
      chunks: [`GET /${badPercent()}${rnd.pick(['', 'x', '/index.html'])} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
      closer: 'host',
      statuses: [400, 404],
    }),
    () => ({
      name: 'random path bytes',
      chunks: [
        Buffer.concat([Buffer.from('GET /'), rnd.bytes(rnd.int(1, 60)), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]),
      ],
      closer: 'host',
      statuses: [400, 404],
      endAfterWrite: true,
    }),
    () => ({
      name: 'a method the host does not serve',
      chunks: [
        `${rnd.pick(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])} / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`,
      ],
      closer: 'host',
      statuses: [405],
    }),
    () => ({
      name: 'garbage header line',
      chunks: [
        Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nX-'), rnd.bytes(rnd.int(1, 40)), Buffer.from('\r\n\r\n')]),
      ],
      closer: 'host',
      statuses: [200, 400],
      endAfterWrite: true,
    }),
    () => ({
      name: 'oversized headers',
      chunks: [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(rnd.int(17_000, 80_000))}\r\n\r\n`],
      closer: 'host',
      statuses: [431],
    }),
    () => ({
      name: 'upgrade without the token',
      chunks: [upgradeRequest(rnd.pick(['/api', '/api?token=', '/api?token=nope', '/', '/%E0%A4%A']))],
      closer: 'host',
      statuses: [400, 403],
    }),
    () => ({
      name: 'upgrade from another origin',
      chunks: [upgradeRequest(`/api?token=${token}`, { Origin: rnd.pick(['https://evil.example', 'null']) })],
      closer: 'host',
      statuses: [403],
    }),
    () => ({
      name: 'broken handshake with the token',
      chunks: [
        upgradeRequest(
          `/api?token=${token}`,
          rnd.pick<Record<string, string>>([
            { 'Sec-WebSocket-Key': 'short' },
            { 'Sec-WebSocket-Version': '99' },
            { Upgrade: 'h2c' },
          ]),
        ),
      ],
      closer: 'host',
      statuses: [400, 403, 426],
    }),
    () => ({
      name: 'oversize frame',
      chunks: [withToken(), textFrame('x', { declaredLength: rnd.int(1024 * 1024 + 1, 2 ** 40) })],
      closer: 'host',
      codes: [1009],
    }),
    () => ({
      name: 'invalid UTF-8 text',
      chunks: [withToken(), textFrame(Buffer.concat([Buffer.from('{"type":"call","name":"'), invalidUtf8()]))],
      closer: 'host',
      codes: [1007],
    }),
    () => ({
      name: 'reserved opcode',
      chunks: [withToken(), wsFrame({ opcode: rnd.pick([3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]), payload: 'x' })],
      closer: 'host',
      codes: [1002],
    }),
    () => ({
      name: 'unmasked frame',
      chunks: [withToken(), wsFrame({ opcode: rnd.pick([1, 2, 9]), payload: call, mask: false })],
      closer: 'host',
      codes: [1002],
    }),
    () => ({
      name: 'RSV bits set',
      chunks: [withToken(), textFrame(call, { rsv: rnd.int(1, 7) })],
      closer: 'host',
      codes: [1002],
    }),
    () => ({
      name: 'control frame over 125 bytes',
      chunks: [withToken(), wsFrame({ opcode: rnd.pick([8, 9, 10]), payload: Buffer.alloc(rnd.int(126, 500)) })],
      closer: 'host',
      codes: [1002],
    }),
    () => ({
      name: 'fragmented control frame',
      chunks: [withToken(), wsFrame({ opcode: 9, payload: 'ping', fin: false })],
      closer: 'host',
      codes: [1002],
    }),
    () => ({
      name: 'continuation with nothing to continue',
      chunks: [withToken(), wsFrame({ opcode: 0, payload: call })],
      closer: 'host',
      codes: [1002],
    }),
    () => {
      const code = rnd.pick([0, 999, 1004, 1005, 1006, 1015, 2999, 5000]);
      const payload = Buffer.alloc(2);
      payload.writeUInt16BE(code);
      return {
        name: `close frame with code ${code}`,
        chunks: [withToken(), wsFrame({ opcode: 8, payload })],
        closer: 'host',
        codes: [1002],
      };
    },
    () => ({
      name: 'close frame with a one-byte body',
      chunks: [withToken(), wsFrame({ opcode: 8, payload: Buffer.from([3]) })],
      closer: 'host',
      codes: [1002],
    }),
    () => ({
      name: 'binary frame',
      chunks: [withToken(), wsFrame({ opcode: 2, payload: rnd.bytes(rnd.int(0, 300)) })],
      closer: 'host',
      codes: [1003],
    }),
    () => ({
      name: 'text that is not a call frame',
      chunks: [
        withToken(),
        textFrame(
          rnd.pick([
            'not json',
            '[]',
            'null',
            '{"type":"call"}',
            '{"type":"call","id":1.5,"name":"settings.get"}',
            '{"type":"event","name":"x"}',
            '{"type":"call","id":1,"name":{}}',
            JSON.stringify({ type: 'call', id: 2 ** 60, name: 'settings.get' }),
          ]),
        ),
      ],
      closer: 'host',
      codes: [1003],
    }),
    () => ({
      name: 'random bytes after the handshake',
      chunks: [withToken(), rnd.bytes(rnd.int(1, 3000))],
      closer: 'host',
      endAfterWrite: true,
    }),
    () => {
      const all = Buffer.concat([Buffer.from(withToken()), textFrame(call)]);
      return {
        name: 'reset at a random byte (with the token)',
        chunks: [all],
        closer: 'us',
        resetAfter: rnd.int(0, all.length),
      };
    },
    () => {
      const all = Buffer.from(upgradeRequest('/api'));
      return {
        name: 'reset at a random byte (no token)',
        chunks: [all],
        closer: 'us',
        resetAfter: rnd.int(0, all.length),
      };
    },
    () => {
      const all = Buffer.from(`GET /${rnd.pick(['', 'index.html', '%E0%A4%A', 'nope'])} HTTP/1.1\r\nHost: x\r\n\r\n`);
      return { name: 'reset during a page request', chunks: [all], closer: 'us', resetAfter: rnd.int(0, all.length) };
    },
    () => {
      // A large frame cut part-way: the host has buffered some of it when the reset comes.
      const all = Buffer.concat([Buffer.from(withToken()), textFrame(Buffer.alloc(200_000, 0x20))]);
      return {
        name: 'reset inside a large frame',
        chunks: [all],
        closer: 'us',
        resetAfter: rnd.int(300, all.length - 1),
      };
    },
  ];
  void port;
  return Array.from({ length: PER_BATCH }, () => rnd.pick(generators)());
}

function check(c: Case, r: RawOutcome): string | null {
  if (c.closer === 'us') return null;
  if (!r.closedByServer) return `${c.name}: the host did not close the socket`;
  // After our half-close the host may drop the request without an answer; otherwise it must answer.
  const unanswered = r.status === null && c.endAfterWrite;
  if (c.statuses && !unanswered && !c.statuses.includes(r.status ?? -1)) return `${c.name}: status ${r.status}`;
  if (c.codes) {
    if (r.status !== 101) return `${c.name}: no upgrade (status ${r.status})`;
    if (!c.codes.includes(r.closeCode ?? -1)) return `${c.name}: close code ${r.closeCode}`;
  }
  return null;
}

async function runPool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

/** Sockets the process holds (Linux): to see that bad sockets do not pile up. */
function socketCount(pid: number): number | null {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
      } catch {
        return false;
      }
    }).length;
  } catch {
    return null;
  }
}

describe('fuzzing the browser host (real `pulse web` process)', () => {
  let proc: RunningPulse;
  let port: number;
  let token: string;
  let bystander: WebSocket;
  beforeAll(async () => {
    ({ proc, port, token } = await startWebProcess());
    bystander = await openApi(port, token);
  });
  afterAll(async () => {
    bystander?.close();
    await proc?.stop();
  });

  it(`stays up through ${BATCHES * PER_BATCH} malformed requests and frames, closing each bad socket (seed ${SEED})`, async () => {
    const rnd = prng(SEED);
    const baseline = socketCount(proc.child.pid!);
    let hostClosed = 0;
    for (let batch = 0; batch < BATCHES; batch++) {
      const failures: string[] = [];
      await runPool(makeCases(rnd, token, port), CONCURRENCY, async (c) => {
        const r = await rawExchange(port, c.chunks, { resetAfter: c.resetAfter, endAfterWrite: c.endAfterWrite });
        const problem = check(c, r);
        if (problem) failures.push(problem);
        else if (c.closer === 'host') hostClosed++;
      });
      expect(failures, `batch ${batch} (seed ${SEED})`).toEqual([]);
      expect(isRunning(proc), `process alive after batch ${batch}`).toBe(true);
      expect(await validCallWorks(port, token), `valid call after batch ${batch}`).toBe(true);
      expect(await apiCall(bystander, 'sync.status')).toMatchObject({ ok: true });
    }
    expect(hostClosed).toBeGreaterThan(BATCHES * PER_BATCH * 0.7);
    // Nothing lingers: within the close grace, the host holds no more sockets than before.
    if (baseline !== null)
      await expect.poll(() => socketCount(proc.child.pid!), { timeout: 15_000 }).toBeLessThanOrEqual(baseline + 1);
  });
});
