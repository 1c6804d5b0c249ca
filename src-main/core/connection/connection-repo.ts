/**
 * The connected account's non-secret metadata: one row in the `connection` table (migration 003).
 * Synchronous (raw better-sqlite3) on purpose: `ConnectionService.api()` and `state()` are called
 * by the sync loop on every tick and must not need an await. No token or secret is ever written.
 */
import type { Database } from 'better-sqlite3';
import type { RegionId } from '../zoho/regions';

export type ConnectFlow = 'browser' | 'grant_code' | 'refresh_token' | 'env';

export interface ConnectionRecord {
  state: 'connected' | 'reconnect_needed';
  region: RegionId;
  accountsUrl: string;
  apiDomain: string;
  clientId: string;
  /** Whether a client secret was stored in the keychain (a PKCE client has none). */
  hasSecret: boolean;
  flow: ConnectFlow;
  orgId: string | null;
  orgName: string | null;
  edition: string | null;
  userName: string | null;
  userEmail: string | null;
  connectedAt: string;
  updatedAt: string;
  lastError: string | null;
}

interface Row {
  state: string;
  region: string;
  accounts_url: string;
  api_domain: string;
  client_id: string;
  has_secret: number;
  flow: string;
  org_id: string | null;
  org_name: string | null;
  edition: string | null;
  user_name: string | null;
  user_email: string | null;
  connected_at: string;
  updated_at: string;
  last_error: string | null;
}

export class ConnectionRepo {
  constructor(private readonly sqlite: Database) {}

  get(): ConnectionRecord | null {
    const r = this.sqlite.prepare('SELECT * FROM connection WHERE id = 1').get() as Row | undefined;
    if (!r) return null;
    return {
      state: r.state as ConnectionRecord['state'],
      region: r.region as RegionId,
      accountsUrl: r.accounts_url,
      apiDomain: r.api_domain,
      clientId: r.client_id,
      hasSecret: r.has_secret === 1,
      flow: r.flow as ConnectFlow,
      orgId: r.org_id,
      orgName: r.org_name,
      edition: r.edition,
      userName: r.user_name,
      userEmail: r.user_email,
      connectedAt: r.connected_at,
      updatedAt: r.updated_at,
      lastError: r.last_error,
    };
  }

  put(c: ConnectionRecord): void {
    this.sqlite
      .prepare(
        `INSERT OR REPLACE INTO connection
           (id, state, region, accounts_url, api_domain, client_id, has_secret, flow, org_id, org_name, edition,
            user_name, user_email, connected_at, updated_at, last_error)
         VALUES (1, @state, @region, @accountsUrl, @apiDomain, @clientId, @hasSecret, @flow, @orgId, @orgName, @edition,
            @userName, @userEmail, @connectedAt, @updatedAt, @lastError)`,
      )
      .run({ ...c, hasSecret: c.hasSecret ? 1 : 0 });
  }

  update(patch: Partial<ConnectionRecord>): ConnectionRecord | null {
    const current = this.get();
    if (!current) return null;
    const next = { ...current, ...patch, updatedAt: new Date().toISOString() };
    this.put(next);
    return next;
  }

  delete(): void {
    this.sqlite.prepare('DELETE FROM connection WHERE id = 1').run();
  }
}
