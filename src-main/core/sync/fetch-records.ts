import { ZohoApiError } from '../zoho/errors';
import type { ZohoApi } from '../zoho/zoho-api';
import { RecordsCeilingError } from './errors';
import { MalformedPageError } from './malformed';
import type { FieldSet } from './field-set';
import { normalizeRecord, type ZohoRecord } from './normalize';

/** Get Records' ceiling per call (docs/zoho-api.md#get-records--get-crmv8deals). */
export const RECORDS_PAGE_MAX = 200;

export interface RecordsPage {
  rows: ZohoRecord[];
  nextToken: string | null;
  more: boolean;
  /** The server's clock (Date header), used to place the next delta's cursor. */
  serverDate: number | null;
}

interface RecordsBody {
  data?: Record<string, unknown>[];
  info?: { more_records?: boolean; next_page_token?: string | null };
}

/**
 * Zoho no longer accepts this page_token: it expired (EXPIRED_VALUE, after 24 hours), or the
 * request differs from the one that issued it (TOKEN_BOUND_DATA_MISMATCH; e.g. the field mapping
 * changed). Older answers said INVALID_DATA naming page_token. The listing must start again.
 */
export function isStalePageToken(e: unknown): boolean {
  if (!(e instanceof ZohoApiError) || e.status !== 400) return false;
  if (e.code === 'EXPIRED_VALUE' || e.code === 'TOKEN_BOUND_DATA_MISMATCH') return true;
  const zoho = (e.details?.zoho ?? {}) as { param_name?: unknown; api_name?: unknown };
  return e.code === 'INVALID_DATA' && (zoho.param_name === 'page_token' || zoho.api_name === 'page_token');
}

/** How often one run may start a listing again because its page_token went stale. */
export const PAGE_TOKEN_RESTARTS = 3;

/** Zoho wants If-Modified-Since as ISO 8601 with an offset, e.g. 2026-05-02T11:17:33+00:00. */
export function isoForZoho(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

export function serverDate(headers: Headers | undefined): number | null {
  const d = headers?.get('date');
  const ms = d ? Date.parse(d) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/**
 * One page of `GET /crm/v8/Deals`: the delta (with `If-Modified-Since`, by Modified_Time) and the
 * full-sync fallback when COQL cannot serve (by id, `page_token` beyond the first 2,000; never
 * `page` and `page_token` together, which Zoho refuses as ambiguous). 304 (nothing newer) and 204
 * (nothing at all) are empty pages. Past 100,000 records Get Records cannot go on: that is a
 * RecordsCeilingError, which says what would help.
 */
export async function fetchRecordsPage(
  api: ZohoApi,
  fs: FieldSet,
  opts: { pageToken: string | null; sinceMs: number | null; sortBy: 'id' | 'Modified_Time'; signal?: AbortSignal },
): Promise<RecordsPage> {
  const query: Record<string, string | number> = {
    fields: fs.recordFields.join(','),
    per_page: RECORDS_PAGE_MAX,
    sort_by: opts.sortBy,
    sort_order: 'asc',
  };
  if (opts.pageToken) query.page_token = opts.pageToken;
  const headers: Record<string, string> = {};
  if (opts.sinceMs !== null) headers['If-Modified-Since'] = isoForZoho(opts.sinceMs);
  let res;
  try {
    res = await api.request<RecordsBody>({ path: '/crm/v8/Deals', query, headers, signal: opts.signal });
  } catch (e) {
    if (e instanceof ZohoApiError && e.code === 'PAGINATION_LIMIT_EXCEEDED') throw new RecordsCeilingError();
    throw e;
  }
  const date = serverDate(res.headers);
  if (res.status === 204 || res.status === 304 || !res.data)
    return { rows: [], nextToken: null, more: false, serverDate: date };
  const data = res.data.data ?? [];
  if (!Array.isArray(data)) throw new MalformedPageError('Get Records answer has no data array');
  const more = Boolean(res.data.info?.more_records);
  return {
    rows: data.map((r) => normalizeRecord(r, fs, false)),
    nextToken: res.data.info?.next_page_token ?? null,
    more,
    serverDate: date,
  };
}

interface DeletedBody {
  data?: { id?: string | number; deleted_time?: string }[];
  info?: { more_records?: boolean };
}

export interface DeletedDeal {
  id: string;
  /** ms; NaN when Zoho did not say. */
  deletedAt: number;
}

/** Every deal deleted after `sinceMs` (recycle bin and permanent), paging by `page`. */
export async function fetchDeletedIds(api: ZohoApi, sinceMs: number, signal?: AbortSignal): Promise<DeletedDeal[]> {
  const ids: DeletedDeal[] = [];
  for (let page = 1; ; page++) {
    const res = await api.request<DeletedBody>({
      path: '/crm/v8/Deals/deleted',
      query: { type: 'all', per_page: RECORDS_PAGE_MAX, page },
      headers: { 'If-Modified-Since': isoForZoho(sinceMs) },
      signal,
    });
    if (res.status === 204 || res.status === 304 || !res.data) break;
    for (const d of res.data.data ?? []) {
      if (d.id !== undefined && d.id !== null)
        ids.push({ id: String(d.id), deletedAt: d.deleted_time ? Date.parse(d.deleted_time) : NaN });
    }
    if (!res.data.info?.more_records) break;
  }
  return ids;
}
