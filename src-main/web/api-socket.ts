import type { WebSocket } from 'ws';
import type { ClientFrame, ServerFrame } from '../../src-shared/contract/transport';
import type { CoreEndpoint } from '../core/core';

/**
 * Close codes (RFC 6455 §7.4.1) this host sends itself. Protocol violations (an unmasked frame,
 * a reserved opcode or RSV bit: 1002; invalid UTF-8: 1007; a frame over MAX_FRAME_BYTES: 1009)
 * are detected by `ws`, which closes with the right code before it reports the error here.
 */
export const CLOSE_UNSUPPORTED_DATA = 1003;

/** The largest frame a client may send; the biggest real call is a few kilobytes. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** How long a socket that broke the protocol may take to finish the closing handshake. */
export const CLOSE_GRACE_MS = 2000;

function parseCall(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): ClientFrame | null {
  if (isBinary) return null;
  try {
    const frame = JSON.parse(String(data)) as Partial<ClientFrame> | null;
    if (frame?.type !== 'call' || !Number.isSafeInteger(frame.id) || typeof frame.name !== 'string') return null;
    return frame as ClientFrame;
  } catch {
    return null;
  }
}

/**
 * One authenticated API socket: JSON call frames in, results and contract events out. Anything
 * else — binary data, text that is not a call — closes this socket with 1003 and never reaches
 * the core; other sockets are not affected.
 */
export function attachApiSocket(ws: WebSocket, core: CoreEndpoint): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = core.subscribe((name, payload) => send({ type: 'event', name, payload }));
  ws.on('close', unsubscribe);
  // Without a listener an 'error' event (ECONNRESET, a protocol violation) would end the process.
  // ws has already sent the matching close code; nothing else is owed to this socket.
  ws.on('error', () => undefined);
  ws.on('message', async (data, isBinary) => {
    if (ws.readyState !== ws.OPEN) return; // closing: frames that were already queued are dropped
    const frame = parseCall(data, isBinary);
    if (!frame) {
      ws.close(CLOSE_UNSUPPORTED_DATA, 'expected a JSON call frame');
      return;
    }
    const outcome = await core.dispatch(frame.name, frame.args);
    send({ type: 'result', id: frame.id, ...outcome });
  });
}
