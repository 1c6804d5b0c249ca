import type { CallOutcome, ClientFrame, ServerFrame } from '../../../src-shared/contract/transport';

/** How the renderer reaches main: Electron's preload bridge or the browser host's WebSocket. */
export interface Transport {
  call(name: string, args: unknown): Promise<CallOutcome>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

interface PreloadBridge {
  call(name: string, args: unknown): Promise<CallOutcome>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

/** In Electron the preload put `window.pulse` there; in a browser it is absent. */
export function detectTransport(): Transport {
  const bridge = (window as unknown as { pulse?: PreloadBridge }).pulse;
  if (bridge) return bridge;
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return new WebSocketTransport(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
}

/**
 * The browser host's transport: one WebSocket, calls matched to results by id, reconnecting
 * with a short backoff when the host restarts. Calls made while disconnected wait for the socket.
 */
class WebSocketTransport implements Transport {
  private socket!: WebSocket;
  private open!: Promise<void>;
  private nextId = 1;
  private pending = new Map<number, (o: CallOutcome) => void>();
  private listeners = new Set<(name: string, payload: unknown) => void>();

  constructor(private readonly url: string) {
    this.connect(0);
  }

  private connect(attempt: number) {
    this.socket = new WebSocket(this.url);
    this.open = new Promise((resolve) => this.socket.addEventListener('open', () => resolve(), { once: true }));
    this.socket.addEventListener('message', (e) => this.receive(JSON.parse(String(e.data)) as ServerFrame));
    this.socket.addEventListener('close', () => {
      for (const [id, settle] of this.pending) {
        settle({
          ok: false,
          error: { name: 'ConnectionLostError', message: 'Lost the connection to Pipeline Pulse. Retrying…' },
        });
        this.pending.delete(id);
      }
      setTimeout(() => this.connect(attempt + 1), Math.min(5000, 250 * 2 ** attempt));
    });
  }

  private receive(frame: ServerFrame) {
    if (frame.type === 'event') {
      for (const l of this.listeners) l(frame.name, frame.payload);
      return;
    }
    const settle = this.pending.get(frame.id);
    this.pending.delete(frame.id);
    settle?.(frame);
  }

  async call(name: string, args: unknown): Promise<CallOutcome> {
    await this.open;
    const id = this.nextId++;
    const frame: ClientFrame = { type: 'call', id, name, args };
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify(frame));
    });
  }

  onEvent(listener: (name: string, payload: unknown) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
