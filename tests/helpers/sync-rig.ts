/**
 * Sync test helpers: a sandbox, the real Zoho client pointed at it (fast backoff so fault tests
 * stay quick), an engine on a real SQLite file, and a field-for-field comparison with the
 * sandbox's own dump.
 */
import type Database from 'better-sqlite3';
import { DEFAULT_SETTINGS, type Settings, type SyncProgress } from '../../src-shared/contract/schemas';
import { openStore, type Store } from '../../src-main/core/store/open-store';
import { SyncEngine, type SyncEngineOptions } from '../../src-main/core/sync/engine';
import { buildFieldSet } from '../../src-main/core/sync/field-set';
import { FieldRepo } from '../../src-main/core/sync/field-repo';
import { createZohoClient, type ZohoClient, type ZohoClientOptions } from '../../src-main/core/zoho/client';
import { TokenManager } from '../../src-main/core/zoho/token-manager';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/index';
import { tempDir } from './temp-dir';

/** The real Zoho client against a sandbox; `scope` narrows the sign-in (e.g. no COQL). */
export function sandboxClient(sb: Sandbox, tuning: Partial<ZohoClientOptions> = {}, scope?: string): ZohoClient {
  const refreshToken = sb.issueRefreshToken(scope);
  const tokens = new TokenManager({
    oauth: { accountsUrl: sb.baseUrl, clientId: sb.demoClient.clientId, clientSecret: sb.demoClient.clientSecret },
    refreshToken: async () => refreshToken,
  });
  return createZohoClient({
    apiDomain: sb.baseUrl,
    tokens,
    callsPerMinute: 1000,
    maxConcurrency: 10,
    timeoutMs: 3000,
    maxRetries: 10,
    backoffBaseMs: 5,
    backoffMaxMs: 100,
    ...tuning,
  });
}

/**
 * The environment `pulse sync` reads to reach a sandbox with no saved connection (the headless
 * ZOHO_* route), with small pages and two calls in flight so a run has many points to cut at.
 * Each process needs its own ZOHO_REFRESH_TOKEN (Zoho allows 10 access tokens per refresh token
 * per 10 minutes).
 */
export function headlessEnv(sb: Sandbox, pageSize = 500): NodeJS.ProcessEnv {
  return {
    ZOHO_CLIENT_ID: sb.demoClient.clientId,
    ZOHO_CLIENT_SECRET: sb.demoClient.clientSecret,
    ZOHO_ACCOUNTS_URL: sb.baseUrl,
    ZOHO_BASE_URL: sb.baseUrl,
    PULSE_SYNC_PAGE_SIZE: String(pageSize),
    PULSE_ZOHO_CONCURRENCY: '2',
  };
}

export interface Rig {
  sb: Sandbox;
  client: ZohoClient;
  store: Store;
  engine: SyncEngine;
  dataDir: string;
  settings: Settings;
  /** Swappable callbacks the engine was built with (tests act on the CRM mid-sync from here). */
  hooks: { onProgress?: (p: SyncProgress) => void };
  close(): Promise<void>;
}

export async function rig(
  sbOpts: SandboxOptions,
  engineOpts: Partial<SyncEngineOptions> = {},
  tuning: Partial<ZohoClientOptions> = {},
  scope?: string,
): Promise<Rig> {
  const sb = await startSandbox(sbOpts);
  const client = sandboxClient(sb, tuning, scope);
  const dataDir = tempDir('pulse-sync-');
  const store = openStore(dataDir);
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const hooks: Rig['hooks'] = {};
  const engine = new SyncEngine({
    sqlite: store.sqlite,
    getSettings: async () => settings,
    getApi: () => client,
    ...engineOpts,
  });
  engine.events.progress.on((p) => hooks.onProgress?.(p));
  return {
    sb,
    client,
    store,
    engine,
    dataDir,
    settings,
    hooks,
    async close() {
      await engine.idle();
      await client.stop();
      await store.close();
      await sb.close();
    },
  };
}

/** The sandbox's deals projected to what the app asked for, in the canonical lookup shape. */
export function expectedDeals(sb: Sandbox, sqlite: Database.Database): Map<string, Record<string, unknown>> {
  const repo = new FieldRepo(sqlite);
  const fs = buildFieldSet(repo.fields(), repo.mapping());
  const out = new Map<string, Record<string, unknown>>();
  for (const d of sb.dumpDeals()) {
    const rec: Record<string, unknown> = { id: d.id };
    for (const f of fs.recordFields) {
      const v = d[f];
      if (v && typeof v === 'object' && !Array.isArray(v) && 'id' in v) {
        const o = v as { name: string; id: string; email?: string };
        rec[f] = f === 'Owner' ? { name: o.name, id: o.id, email: o.email ?? null } : { name: o.name, id: o.id };
      } else rec[f] = v ?? null;
    }
    out.set(d.id, rec);
  }
  return out;
}

export function localDeals(sqlite: Database.Database): Map<string, Record<string, unknown>> {
  const rows = sqlite.prepare('SELECT d.id, r.raw FROM deals d JOIN deal_raw r ON r.id = d.id').all() as {
    id: string;
    raw: string;
  }[];
  return new Map(rows.map((r) => [r.id, JSON.parse(r.raw) as Record<string, unknown>]));
}

/** Differences between local and sandbox (empty when converged), at most `max` listed. */
export function diffDeals(sb: Sandbox, sqlite: Database.Database, max = 5): string[] {
  const want = expectedDeals(sb, sqlite);
  const have = localDeals(sqlite);
  const problems: string[] = [];
  for (const [id, w] of want) {
    const h = have.get(id);
    if (!h) problems.push(`missing ${id}`);
    else if (JSON.stringify(sortKeys(h)) !== JSON.stringify(sortKeys(w)))
      problems.push(`differs ${id}: local ${JSON.stringify(h)} vs crm ${JSON.stringify(w)}`);
    if (problems.length >= max) return problems;
  }
  for (const id of have.keys()) if (!want.has(id)) problems.push(`extra ${id}`);
  // The typed columns the app filters and sums on agree with the CRM too.
  const cols = sqlite
    .prepare(
      `SELECT id, name, stage, amount, currency, closing_date, account_name, owner_name, proposal_date, po_date,
         kickoff_date, invoice_date, payment_date, revenue_date, territory, country, service_line
       FROM deals`,
    )
    .all() as Record<string, unknown>[];
  const dump = new Map(sb.dumpDeals().map((d) => [d.id, d]));
  for (const c of cols) {
    const d = dump.get(c.id as string);
    if (!d) continue;
    const expect: Record<string, unknown> = {
      name: d.Deal_Name,
      stage: d.Stage ?? null,
      amount: d.Amount ?? null,
      currency: d.Currency ?? null,
      closing_date: d.Closing_Date ?? null,
      account_name: (d.Account_Name as { name?: string } | null)?.name ?? null,
      owner_name: (d.Owner as { name?: string } | null)?.name ?? null,
      proposal_date: d.Proposal_Submission_date ?? null,
      po_date: d.PO_Generation_Date ?? null,
      kickoff_date: d.Kick_off_Date ?? null,
      invoice_date: d.Invoice_Date ?? null,
      payment_date: d.Payment_Received_Date ?? null,
      revenue_date: d.OB_Recognition_Date ?? null,
      territory: d.Region ?? null,
      country: d.Country ?? null,
      service_line: Array.isArray(d.Solution_Type) && d.Solution_Type.length ? d.Solution_Type.join('; ') : null,
    };
    for (const [k, v] of Object.entries(expect))
      if (c[k] !== v) problems.push(`column ${k} of ${c.id}: ${String(c[k])} vs ${String(v)}`);
    if (problems.length >= max) return problems;
  }
  if (want.size !== have.size) problems.push(`count local ${have.size} vs crm ${want.size}`);
  return problems.slice(0, max);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}
