/**
 * O2R write-back test rig: a sandbox, a real core on a real SQLite file, connected to the sandbox
 * through the connection service's demo client (the real Zoho client, no keychain needed), and
 * the real sync engine to bring the deals in.
 */
import type { CallArgs, CallName, CallResult } from '../../src-shared/contract/calls';
import { createCore, type Core } from '../../src-main/core/core';
import type { CoreOptions } from '../../src-main/core/core-context';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/index';
import { tempDir } from './temp-dir';

export interface O2RRig {
  sb: Sandbox;
  /** The core under test (a rig that restarts the app replaces it; the methods follow). */
  core: Core;
  dataDir: string;
  /** Connects (or reconnects) the core to the sandbox. */
  connect(): void;
  sync(): Promise<void>;
  /** A typed call through the contract (like the app's); a failure throws an ApiError. */
  call<K extends CallName>(name: K, args?: CallArgs<K>): Promise<CallResult<K>>;
  close(): Promise<void>;
}

/** The rig's core on a data folder: the demo connection's fast-failing client, nothing in the background. */
export function rigCore(dataDir: string, coreOpts: Partial<CoreOptions> = {}): Core {
  return createCore({
    dataDir,
    host: 'test',
    demo: true,
    connection: {
      clientTuning: { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 3_000, maxRetries: 2, callsPerMinute: 10_000 },
    },
    sync: { autoStart: false },
    ...coreOpts,
    o2r: { pusher: { baseBackoffMs: 50, maxBackoffMs: 200 }, ...coreOpts.o2r },
  });
}

export async function o2rRig(sbOpts: SandboxOptions = {}, coreOpts: Partial<CoreOptions> = {}): Promise<O2RRig> {
  const sb = await startSandbox({ deals: 60, seed: 5, ...sbOpts });
  const dataDir = tempDir('pulse-o2r-');
  const core = rigCore(dataDir, coreOpts);
  const rig: O2RRig = {
    sb,
    core,
    dataDir,
    connect() {
      const cur = rig.sb;
      rig.core.ctx.connection.useDemo({
        baseUrl: cur.baseUrl,
        ...cur.demoClient,
        refreshToken: cur.issueRefreshToken(),
      });
    },
    async sync() {
      const r = await rig.core.ctx.sync.runToEnd('auto');
      if (r.status !== 'ok') throw new Error(`sync ended ${r.status}: ${JSON.stringify(r)}`);
    },
    call(name, args) {
      return rig.core.call(name, args ?? ({} as CallArgs<typeof name>));
    },
    async close() {
      await rig.core.close();
      await rig.sb.close();
    },
  };
  rig.connect();
  await rig.sync();
  return rig;
}

/** Deals of the sandbox by id. */
export function crmDeal(sb: Sandbox, id: string): Record<string, unknown> {
  const d = sb.core.getDeal(id);
  if (!d) throw new Error(`sandbox has no deal ${id}`);
  return d;
}

/**
 * Counts, per deal and field, the writes that reached the sandbox's CRM through the API (PUT),
 * by wrapping the one mutation every write goes through. White-box on purpose: "exactly once"
 * needs the server's own count.
 */
export function countWrites(sb: Sandbox): Map<string, number> {
  const counts = new Map<string, number>();
  const crm = sb.core.crm;
  const original = crm.update.bind(crm);
  crm.update = (id, fields, index, notify) => {
    const r = original(id, fields, index, notify);
    if (r.ok && notify === false)
      for (const f of Object.keys(fields)) counts.set(`${id}.${f}`, (counts.get(`${id}.${f}`) ?? 0) + 1);
    return r;
  };
  return counts;
}

export function putCalls(sb: Sandbox): number {
  return sb.stats().calls['PUT /crm/v8/Deals'] ?? 0;
}
