import type { ZohoApi } from '../zoho/zoho-api';
import { MalformedPageError } from './malformed';
import type { FieldSet } from './field-set';
import type { Ingestor } from './ingest';
import { normalizeRecord, type ZohoRecord } from './normalize';

/** Get Records takes at most 100 ids a call (docs/zoho-notifications.md#fetching-the-notified-records). */
export const IDS_PER_CALL = 100;

/** Deals Zoho said changed (insert/update) or went (delete), gathered from notifications. */
export interface NotifiedIds {
  upsert: readonly string[];
  remove: readonly string[];
}

export interface NotifiedApplied {
  /** Ids whose stored row changed (added or rewritten). */
  changedIds: string[];
  removedIds: string[];
  apiCalls: number;
}

/** `GET /crm/v8/Deals?ids=…` for up to 100 ids: the records that still exist (204 → none). */
export async function fetchDealsByIds(
  api: ZohoApi,
  fs: FieldSet,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<ZohoRecord[]> {
  const res = await api.request<{ data?: Record<string, unknown>[] }>({
    path: '/crm/v8/Deals',
    query: { ids: ids.join(','), fields: fs.recordFields.join(',') },
    signal,
  });
  if (res.status === 204 || !res.data) return [];
  const data = res.data.data ?? [];
  if (!Array.isArray(data)) throw new MalformedPageError('Get Records by ids answered without a data array');
  return data.map((r) => normalizeRecord(r, fs, false));
}

/**
 * Applies what notifications reported, without a sync run: the changed deals are fetched by id
 * (≤ 100 a call) and ingested like a delta page; deleted ones are removed. A deal both changed
 * and deleted in the same burst is only removed (the caller's coalescer already decided). The
 * caller holds the sync lease, so this never interleaves with a sync.
 */
export async function applyNotifiedIds(
  api: ZohoApi,
  fs: FieldSet,
  ingest: Ingestor,
  ids: NotifiedIds,
  signal?: AbortSignal,
): Promise<NotifiedApplied> {
  const out: NotifiedApplied = { changedIds: [], removedIds: [], apiCalls: 0 };
  for (let i = 0; i < ids.upsert.length; i += IDS_PER_CALL) {
    const rows = await fetchDealsByIds(api, fs, ids.upsert.slice(i, i + IDS_PER_CALL), signal);
    out.apiCalls++;
    if (rows.length > 0) out.changedIds.push(...ingest.page(rows, null).ids);
  }
  if (ids.remove.length > 0) out.removedIds = ingest.remove(ids.remove);
  return out;
}
