/**
 * The two Zoho calls the outbox pusher makes: re-read the current values of the fields it is
 * about to write (COQL, `id in (…)` takes at most 50 values), and write a batch (PUT, at most 100
 * records, per-record results). Kept apart from the pusher's decisions so those read as rules.
 */
import { COQL_IN_MAX, coqlString } from '../zoho/coql';
import { ZohoApiError } from '../zoho/errors';
import type { ZohoApi } from '../zoho/zoho-api';

export const PUT_MAX_RECORDS = 100;

export interface CrmRecordState {
  id: string;
  modifiedTime: string | null;
  values: Record<string, unknown>;
}

/** Current values of `apiNames` for each id; ids Zoho no longer has are absent from the map. */
export async function readRecords(
  api: ZohoApi,
  ids: readonly string[],
  apiNames: readonly string[],
): Promise<Map<string, CrmRecordState>> {
  const out = new Map<string, CrmRecordState>();
  const columns = [...new Set(['Modified_Time', ...apiNames])];
  for (let i = 0; i < ids.length; i += COQL_IN_MAX) {
    const chunk = ids.slice(i, i + COQL_IN_MAX);
    const select_query = `select ${columns.join(', ')} from Deals where id in (${chunk.map(coqlString).join(', ')}) limit ${COQL_IN_MAX}`;
    const res = await api.request<{ data?: Record<string, unknown>[] }>({
      method: 'POST',
      path: '/crm/v8/coql',
      body: { select_query },
    });
    for (const row of res.data?.data ?? []) {
      const id = String(row.id);
      out.set(id, { id, modifiedTime: typeof row.Modified_Time === 'string' ? row.Modified_Time : null, values: row });
    }
  }
  return out;
}

export interface PutResult {
  id: string;
  ok: boolean;
  /**
   * Zoho did not write the record because it changed after If-Unmodified-Since
   * (ALREADY_MODIFIED): the edit must be decided again from a fresh read, never counted as failed.
   */
  changedInCrm: boolean;
  code: string;
  message: string;
  /** The field Zoho blamed, when it said. */
  apiName: string | null;
  modifiedTime: string | null;
}

interface PutBody {
  data?: { code?: string; message?: string; status?: string; details?: Record<string, unknown> }[];
}

/**
 * One PUT of ≤ 100 records. Zoho answers with one result per record, in order: 200 all written,
 * 207 mixed, 400 all refused, 412 all changed after If-Unmodified-Since (ALREADY_MODIFIED). Those
 * come back as results; an answer without per-record results is thrown (the client's ZohoApiError).
 * See docs/zoho-api.md#update--put-crmv8deals.
 */
export async function putRecords(
  api: ZohoApi,
  records: readonly Record<string, unknown>[],
  ifUnmodifiedSince: string | null,
): Promise<PutResult[]> {
  if (records.length > PUT_MAX_RECORDS) throw new RangeError(`at most ${PUT_MAX_RECORDS} records per PUT`);
  const headers: Record<string, string> = ifUnmodifiedSince ? { 'If-Unmodified-Since': ifUnmodifiedSince } : {};
  try {
    const res = await api.request<PutBody>({ method: 'PUT', path: '/crm/v8/Deals', body: { data: records }, headers });
    return resultsOf(res.data, records);
  } catch (error) {
    const body = error instanceof ZohoApiError ? (error.details?.zoho as PutBody | undefined) : undefined;
    if (error instanceof ZohoApiError && (error.status === 400 || error.status === 412) && Array.isArray(body?.data))
      return resultsOf(body, records);
    throw error;
  }
}

/**
 * Per-record results, in request order, from a PUT answer (200/207, or the body of a 400/412).
 * One error about the request as a whole (e.g. LIMIT_EXCEEDED on `data`) applies to every record.
 */
export function resultsOf(body: PutBody | null | undefined, records: readonly Record<string, unknown>[]): PutResult[] {
  const data = body?.data ?? [];
  const whole = data.length === 1 && records.length > 1 && data[0].details?.api_name === 'data' ? data[0] : null;
  return records.map((rec, i) => {
    const r = whole ?? data[i] ?? {};
    const details = r.details ?? {};
    const ok = r.code === 'SUCCESS' || r.status === 'success';
    return {
      id: String(rec.id),
      ok,
      changedInCrm: r.code === 'ALREADY_MODIFIED',
      code: r.code ?? (data[i] ? 'UNKNOWN' : 'NO_RESULT'),
      message: r.message ?? (data[i] ? '' : 'Zoho returned no result for this record'),
      apiName: typeof details.api_name === 'string' ? details.api_name : null,
      modifiedTime: typeof details.Modified_Time === 'string' ? details.Modified_Time : null,
    };
  });
}
