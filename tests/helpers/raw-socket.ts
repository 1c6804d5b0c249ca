import crypto from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';
import { startPulse, type RunningPulse } from './pulse-process';
import { tempDir } from './temp-dir';

/**
 * Raw TCP and hand-made WebSocket frames, for driving the browser host the way a hostile or
 * broken client would (the `ws` client library refuses to send most of these).
 */

export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  fin?: boolean;
  /** RSV1..3 bits as a 3-bit number (4 = RSV1). */
  rsv?: number;
  mask?: boolean;
  /** Claim this payload length in the header instead of the real one. */
  declaredLength?: number;
}

export function wsFrame(spec: FrameSpec): Buffer {
  const payload = Buffer.isBuffer(spec.payload) ? spec.payload : Buffer.from(spec.payload ?? '');
  const len = spec.declaredLength ?? payload.length;
  const mask = spec.mask ?? true;
  const first = ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f);
  let header: Buffer;
  if (len < 126) header = Buffer.from([first, (mask ? 0x80 : 0) | len]);
  else if (len < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = crypto.randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] ^= key[i & 3];
  return Buffer.concat([header, key, masked]);
}

export const textFrame = (text: string | Buffer, extra: Partial<FrameSpec> = {}) =>
  wsFrame({ opcode: 1, payload: text, ...extra });

export function upgradeRequest(path: string, headers: Record<string, string> = {}): string {
  const all = {
    Host: '127.0.0.1',
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  return `GET ${path} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
}

export interface RawOutcome {
  /** Everything the server sent. */
  data: Buffer;
  /** The status code of the HTTP response, if one came. */
  status: number | null;
  /** The close code of the first WebSocket close frame the server sent, if any. */
  closeCode: number | null;
  /** True when the server ended the connection (false: we gave up waiting, or reset it ourselves). */
  closedByServer: boolean;
}

/** The close code in the first close frame (opcode 8) after a 101 response, if any. */
export function closeCodeIn(data: Buffer): number | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0 || !/^HTTP\/1\.1 101/.test(data.subarray(0, 12).toString('latin1'))) return null;
  let i = end + 4;
  while (i + 2 <= data.length) {
    const opcode = data[i] & 0x0f;
    let len = data[i + 1] & 0x7f;
    let at = i + 2;
    if (len === 126) {
      if (at + 2 > data.length) return null;
      len = data.readUInt16BE(at);
      at += 2;
    } else if (len === 127) {
      if (at + 8 > data.length) return null;
      len = Number(data.readBigUInt64BE(at));
      at += 8;
    }
    if (opcode === 8) return len >= 2 && at + 2 <= data.length ? data.readUInt16BE(at) : 1005;
    i = at + len;
  }
  return null;
}

/**
 * Connects, writes `chunks` one after another, and waits until the server closes the connection
 * (or `waitMs` passes). After a WebSocket close frame from the server it ends its side, as a real
 * client does. `resetAfter` cuts the connection with a TCP RST after that many bytes instead;
 * `endAfterWrite` half-closes right after the last chunk.
 */
export function rawExchange(
  port: number,
  chunks: (Buffer | string)[],
  opts: { waitMs?: number; resetAfter?: number; endAfterWrite?: boolean } = {},
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let closedByServer = false;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const data = Buffer.concat(received);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(data.subarray(0, 16).toString('latin1'));
      resolve({ data, status: status ? Number(status[1]) : null, closeCode: closeCodeIn(data), closedByServer });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, opts.waitMs ?? 5000);
    socket.on('error', () => undefined);
    socket.on('data', (d) => {
      received.push(d);
      if (closeCodeIn(Buffer.concat(received)) !== null) socket.end();
    });
    socket.on('end', () => {
      closedByServer = true;
      socket.end();
    });
    socket.on('close', finish);
    socket.on('connect', () => {
      const all = Buffer.concat(chunks.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(c, 'latin1'))));
      if (opts.resetAfter !== undefined) {
        socket.write(all.subarray(0, opts.resetAfter), () => socket.resetAndDestroy());
        return;
      }
      for (const c of chunks) socket.write(c);
      // Half-close: the host must notice the input ended even when it was waiting for more.
      if (opts.endAfterWrite) socket.end();
    });
  });
}

/** A real `pulse web` in a child process on a fresh data folder (no demo: starts in seconds). */
export async function startWebProcess(): Promise<{ proc: RunningPulse; port: number; token: string }> {
  const { proc, match } = await startPulse(
    ['web', '--data-dir', tempDir('pulse-web-hostile-')],
    /running at http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/,
  );
  return { proc, port: Number(match[1]), token: match[2] };
}

export const isRunning = (proc: RunningPulse) => proc.child.exitCode === null && proc.child.signalCode === null;

/** Opens an API socket with the `ws` client, as the renderer does. */
export function openApi(port: number, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

let nextId = 1;
/** One contract call over an open API socket; resolves with its result frame. */
export function apiCall(ws: WebSocket, name: string, args: unknown = {}): Promise<{ ok: boolean; result?: unknown }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error('socket closed before the result came'));
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as { type: string; id?: number; ok: boolean; result?: unknown };
      if (frame.type === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        ws.off('close', onClose);
        resolve(frame);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(JSON.stringify({ type: 'call', id, name, args }));
  });
}

/** A fresh socket, one `settings.get`, closed again: "the host still answers a valid call". */
export async function validCallWorks(port: number, token: string): Promise<boolean> {
  const ws = await openApi(port, token);
  try {
    const r = await apiCall(ws, 'settings.get');
    return r.ok && typeof (r.result as { homeCurrency?: unknown }).homeCurrency === 'string';
  } finally {
    ws.close();
  }
}
