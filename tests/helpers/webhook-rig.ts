/**
 * Instant-updates test rig: a sandbox, a real core (demo connection, so the channel token lives in
 * memory and no keychain is needed) hosting the real receiver on a free loopback port, and a TCP
 * "tunnel" standing in for the user's public URL (closing it is a broken tunnel).
 */
import net from 'node:net';
import type { SandboxOptions } from '../../src-main/sandbox/index';
import { WEBHOOK_TOKEN } from '../../src-main/core/connection/secret-names';
import type { Core } from '../../src-main/core/core';
import type { CoreOptions } from '../../src-main/core/core-context';
import type { SecretStore } from '../../src-main/core/secrets/secret-store';
import { o2rRig, rigCore, type O2RRig } from './o2r-rig';

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
  /**
   * The app quits and starts again on the same data folder: the core closed, a new one built with
   * the same options, connected to the same sandbox and started as a host starts it. With
   * `keepToken` the channel token survives, as the keychain keeps it (the demo rig's is in memory);
   * `whileClosed` runs between the two (another program takes the port, …).
   */
  restart(opts?: { keepToken?: boolean; whileClosed?: () => Promise<void> }): Promise<void>;
}

/** Where the service keeps the channel token (white-box: no call ever returns it). */
export function channelSecrets(core: Core): SecretStore {
  return (core.ctx.webhooks as unknown as { opts: { secrets: () => SecretStore } }).opts.secrets();
}

export async function hookRig(sbOpts: SandboxOptions = {}, coreOpts: Partial<CoreOptions> = {}): Promise<HookRig> {
  const options: Partial<CoreOptions> = {
    ...coreOpts,
    webhooks: { hostsReceiver: true, healthCheckMs: 3_600_000, testTimeoutMs: 3_000, ...coreOpts.webhooks },
  };
  const r = await o2rRig({ deals: 40, seed: 14, notifyRetryDelaysMs: [100, 200, 400], ...sbOpts }, options);
  r.core.start(); // as a host does: the receiver listens now when instant updates are on
  const port = await freePort();
  const sqlite = () => r.core.ctx.store.sqlite;
  return Object.assign(r, {
    port,
    receiverUrl: `http://127.0.0.1:${port}/zoho/notify`,
    local(id: string, column = 'stage') {
      const row = sqlite().prepare(`SELECT ${column} AS v FROM deals WHERE id = ?`).get(id) as
        { v: unknown } | undefined;
      return row?.v;
    },
    runCount() {
      return sqlite().prepare('SELECT count(*) FROM sync_runs').pluck().get() as number;
    },
    async restart({ keepToken = false, whileClosed }: { keepToken?: boolean; whileClosed?: () => Promise<void> } = {}) {
      const token = await channelSecrets(r.core).get(WEBHOOK_TOKEN);
      await r.core.close();
      await whileClosed?.();
      r.core = rigCore(r.dataDir, options);
      if (keepToken && token) await channelSecrets(r.core).set(WEBHOOK_TOKEN, token);
      r.connect();
      r.core.start();
    },
  });
}
