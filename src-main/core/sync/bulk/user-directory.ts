import { coqlString } from '../../zoho/coql';
import type { ZohoApi } from '../../zoho/zoho-api';

interface UsersBody {
  users?: { id?: unknown; full_name?: unknown; email?: unknown }[];
  info?: { more_records?: boolean };
}

/**
 * Names and e-mails of the org's users, for the user lookups of Bulk Read rows (the CSV holds the
 * user's id only; docs/zoho-api.md#bulk-read-csv): `GET /crm/v8/users?type=AllUsers`, 200 a page —
 * one call for most orgs. A user not listed there (deleted since) is looked up once through COQL
 * on a deal that points to them.
 */
export class UserDirectory {
  private readonly byId = new Map<string, { name: string | null; email: string | null }>();
  private loaded = false;

  constructor(
    private readonly api: ZohoApi,
    private readonly signal?: AbortSignal,
  ) {}

  /** Makes sure every id is known (at most a few calls); unknown ids get null name and e-mail. */
  async resolve(ids: Iterable<string>, coqlFallbackField: string | null): Promise<void> {
    if (!this.loaded) await this.load();
    for (const id of ids) {
      if (this.byId.has(id)) continue;
      this.byId.set(id, coqlFallbackField ? await this.viaCoql(coqlFallbackField, id) : { name: null, email: null });
    }
  }

  /** The canonical lookup value: `{name, id, email}` for an owner, `{name, id}` otherwise. */
  ref(id: string, withEmail: boolean): Record<string, unknown> {
    const u = this.byId.get(id);
    const ref: Record<string, unknown> = { name: u?.name ?? null, id };
    if (withEmail) ref.email = u?.email ?? null;
    return ref;
  }

  private async load(): Promise<void> {
    for (let page = 1; ; page++) {
      const res = await this.api.request<UsersBody>({
        path: '/crm/v8/users',
        query: { type: 'AllUsers', page, per_page: 200 },
        signal: this.signal,
      });
      for (const u of res.data?.users ?? []) {
        if (u.id === undefined || u.id === null) continue;
        this.byId.set(String(u.id), {
          name: typeof u.full_name === 'string' ? u.full_name : null,
          email: typeof u.email === 'string' ? u.email : null,
        });
      }
      if (!res.data?.info?.more_records) break;
    }
    this.loaded = true;
  }

  private async viaCoql(field: string, id: string): Promise<{ name: string | null; email: string | null }> {
    const select_query = `select ${field}.full_name, ${field}.email from Deals where ${field} = ${coqlString(id)} limit 1`;
    const res = await this.api.request<{ data?: Record<string, unknown>[] }>({
      method: 'POST',
      path: '/crm/v8/coql',
      body: { select_query },
      signal: this.signal,
    });
    const row = res.data?.data?.[0];
    const name = row?.[`${field}.full_name`];
    const email = row?.[`${field}.email`];
    return { name: typeof name === 'string' ? name : null, email: typeof email === 'string' ? email : null };
  }
}
