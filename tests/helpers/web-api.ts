import WebSocket from 'ws';
import type { CallArgs, CallName, CallResult } from '../../src-shared/contract/calls';
import type { ServerFrame } from '../../src-shared/contract/transport';

export interface WebApi {
  /** Typed from the contract, like the renderer's `call`. */
  call<K extends CallName>(name: K, args?: CallArgs<K>): Promise<CallResult<K>>;
  close(): void;
}

/**
 * A second client of a running `pulse web`, over the same WebSocket and token the page uses: what
 * an e2e test needs to look something up or prepare data the screens do not offer yet (the O2R
 * screen has no edit form). Every call still goes through the contract's validation.
 */
export async function connectWebApi(pageUrl: string): Promise<WebApi> {
  const u = new URL(pageUrl);
  const ws = new WebSocket(`ws://${u.host}/api?token=${encodeURIComponent(u.searchParams.get('token') ?? '')}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (f: ServerFrame) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as ServerFrame;
    if (frame.type === 'result') pending.get(frame.id)?.(frame);
  });
  return {
    call<K extends CallName>(name: K, args: CallArgs<K> | Record<string, never> = {}) {
      const id = next++;
      return new Promise<CallResult<K>>((resolve, reject) => {
        pending.set(id, (f) => {
          pending.delete(id);
          if (f.type === 'result' && f.ok) resolve(f.result as CallResult<K>);
          else reject(new Error(`${name}: ${f.type === 'result' && !f.ok ? f.error.message : 'no result'}`));
        });
        ws.send(JSON.stringify({ type: 'call', id, name, args }));
      });
    },
    close: () => ws.close(),
  };
}
