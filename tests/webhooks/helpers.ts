/**
 * Instant-updates test rig: a sandbox, a real core (demo connection, so the channel token lives in
 * memory and no keychain is needed) hosting the real receiver on a free loopback port, and a TCP
 * "tunnel" standing in for the user's public URL (closing it is a broken tunnel).
 */
import net from 'node:net';
import type { SandboxOptions } from '../../src-main/sandbox/index';
import type { CoreOptions } from '../../src-main/core/core-context';
import { o2rRig, type O2RRig } from '../o2r-store/helpers';

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A TCP forwarder: what a reverse proxy or tunnel does between Zoho and the receiver. */
export interface Tunnel {
  url: string;
  close(): Promise<void>;
}

export async function openTunnel(targetPort: number, path = '/zoho/notify'): Promise<Tunnel> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface HookRig extends O2RRig {
  port: number;
  receiverUrl: string;
  /** The local value of one column of a deal. */
  local(id: string, column?: string): unknown;
  runCount(): number;
}

export async function hookRig(sbOpts: SandboxOptions = {}, coreOpts: Partial<CoreOptions> = {}): Promise<HookRig> {
  const r = await o2rRig(
    { deals: 40, seed: 14, notifyRetryDelaysMs: [100, 200, 400], ...sbOpts },
    {
      ...coreOpts,
      webhooks: { hostsReceiver: true, healthCheckMs: 3_600_000, testTimeoutMs: 3_000, ...coreOpts.webhooks },
    },
  );
  const port = await freePort();
  const sqlite = r.core.ctx.store.sqlite;
  return Object.assign(r, {
    port,
    receiverUrl: `http://127.0.0.1:${port}/zoho/notify`,
    local(id: string, column = 'stage') {
      const row = sqlite.prepare(`SELECT ${column} AS v FROM deals WHERE id = ?`).get(id) as { v: unknown } | undefined;
      return row?.v;
    },
    runCount() {
      return sqlite.prepare('SELECT count(*) FROM sync_runs').pluck().get() as number;
    },
  });
}
