import { allOf, COQL_MAX_ROWS, coqlString } from '../zoho/coql';
import type { ZohoApi } from '../zoho/zoho-api';
import { serverDate } from './fetch-records';
import type { FieldSet } from './field-set';
import { MalformedPageError } from './malformed';
import { normalizeRecord, type ZohoRecord } from './normalize';

/** COQL's ceiling per call (docs/zoho-api.md#coql--post-crmv8coql). */
export const COQL_PAGE_MAX = COQL_MAX_ROWS;

export interface CoqlPage {
  rows: ZohoRecord[];
  /** True when more rows match the same criteria. */
  more: boolean;
  /** The server's clock (Date header) when it answered. */
  serverDate: number | null;
}

interface CoqlBody {
  data?: Record<string, unknown>[];
  info?: { more_records?: boolean; count?: number };
}

/**
 * One keyset page: deals with `after < id <= upTo` in id order. Keyset (not OFFSET) paging is
 * what makes a full sync safe while the CRM changes: a deal deleted meanwhile cannot shift the
 * next page and hide a record, and there is no 100,000-offset ceiling.
 */
export async function fetchCoqlPage(
  api: ZohoApi,
  fs: FieldSet,
  after: string | null,
  upTo: string | null,
  limit: number,
  signal?: AbortSignal,
): Promise<CoqlPage> {
  const where = [after === null ? 'id is not null' : `id > ${coqlString(after)}`];
  if (upTo !== null) where.push(`id <= ${coqlString(upTo)}`);
  const select_query = `select ${fs.coqlColumns!.join(', ')} from Deals where ${allOf(where)} order by id asc limit ${limit}`;
  const res = await api.request<CoqlBody>({ method: 'POST', path: '/crm/v8/coql', body: { select_query }, signal });
  const data = res.status === 204 || !res.data ? [] : (res.data.data ?? []);
  if (!Array.isArray(data)) throw new MalformedPageError('COQL answer has no data array');
  const rows = data.map((r) => normalizeRecord(r, fs, true));
  return { rows, more: Boolean(res.data?.info?.more_records) && rows.length > 0, serverDate: serverDate(res.headers) };
}

/**
 * The plan of a full sync, before any field is known: the lowest `limit` ids (how dense ids are)
 * and the highest id (where the range ends). Two light calls that run alongside the metadata
 * calls, so the first round of real pages can already go out in parallel.
 */
export interface RangeProbe {
  ids: string[];
  more: boolean;
  maxId: string | null;
  serverDate: number | null;
}

export async function probeRange(api: ZohoApi, limit: number, signal?: AbortSignal): Promise<RangeProbe> {
  const low = api.request<CoqlBody>({
    method: 'POST',
    path: '/crm/v8/coql',
    signal,
    body: { select_query: `select id from Deals where id is not null order by id asc limit ${limit}` },
  });
  const [res, maxId] = await Promise.all([low, fetchMaxId(api, signal)]);
  const ids = (res.status === 204 || !res.data ? [] : (res.data.data ?? [])).map((r) => String(r.id));
  return {
    ids,
    more: Boolean(res.data?.info?.more_records) && ids.length > 0,
    maxId,
    serverDate: serverDate(res.headers),
  };
}

/** The highest deal id (one row, one credit): the far end of the id range a full sync splits. */
export async function fetchMaxId(api: ZohoApi, signal?: AbortSignal): Promise<string | null> {
  const select_query = 'select id from Deals where id is not null order by id desc limit 1';
  const res = await api.request<CoqlBody>({ method: 'POST', path: '/crm/v8/coql', body: { select_query }, signal });
  const id = res.data?.data?.[0]?.id;
  return id === undefined || id === null ? null : String(id);
}
