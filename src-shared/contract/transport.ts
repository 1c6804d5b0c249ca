import type { SerializedError } from './errors';

/**
 * The wire format shared by both transports (Electron IPC and the browser host's WebSocket),
 * so that a call looks the same whichever host carries it.
 */
export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: SerializedError };

/** WebSocket frames (the Electron transport uses ipc invoke/send with the same payloads). */
export type ClientFrame = { type: 'call'; id: number; name: string; args: unknown };
export type ServerFrame =
  ({ type: 'result'; id: number } & CallOutcome) | { type: 'event'; name: string; payload: unknown };

/** The single IPC channel names used by the Electron host. Nothing else crosses. */
export const IPC_CALL_CHANNEL = 'pulse:call';
export const IPC_EVENT_CHANNEL = 'pulse:event';
