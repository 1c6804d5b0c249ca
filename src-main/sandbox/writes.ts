/**
 * Writing `/crm/v8/Deals` (PUT, POST, DELETE). At most 100 records a call; more is refused with
 * LIMIT_EXCEEDED wrapped in `data[]`. Results come per record, in request order: status 200 (201
 * for inserts) when all succeed, 207 when mixed, 400 when all fail — and 412 when every record
 * failed because it changed after `If-Unmodified-Since` (`ALREADY_MODIFIED`, one item per record,
 * with the record's current Modified_Time/By). Records not changed since are written as usual, so
 * a batch where only some changed answers 207 (record.yaml).
 */
import { changedValues, type Crm } from './crm';
import { json, parseJsonBody, zohoError, type Reply, type Req } from './http';
import { parseDateTime } from './time';
import type { DealRecord, LookupRef } from './types';

export const MAX_WRITE = 100;

type ResultItem = Record<string, unknown> & { code: string; status: string };
type WriteBody = { data: Record<string, unknown>[] } | Reply;

const writeError = (code: string, message: string, details: Record<string, unknown>): ResultItem => ({
  code,
  details,
  message,
  status: 'error',
});

/** Errors of a whole write request come back wrapped in `data[]`, like per-record ones. */
const wrapped = (item: ResultItem): Reply => json(400, { data: [item] });

function writeBody(req: Req): WriteBody {
  const parsed = parseJsonBody(req);
  if (!parsed.ok) return wrapped(writeError('INVALID_DATA', 'invalid data', { api_name: 'data', json_path: '$.data' }));
  const data = (parsed.value as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data) || data.length === 0)
    return wrapped(
      writeError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'data', json_path: '$.data' }),
    );
  if (data.length > MAX_WRITE)
    return wrapped(
      writeError('LIMIT_EXCEEDED', 'count of records in your request exceeds the limit', {
        maximum_length: MAX_WRITE,
        api_name: 'data',
      }),
    );
  if (data.some((d) => typeof d !== 'object' || d === null || Array.isArray(d)))
    return wrapped(writeError('INVALID_DATA', 'invalid data', { api_name: 'data', json_path: '$.data' }));
  return { data: data as Record<string, unknown>[] };
}

/** Number of records in a write body (for credits and sub-concurrency), 1 when unreadable. */
export function writeSize(req: Req): number {
  try {
    const d = (JSON.parse(req.body) as { data?: unknown }).data;
    return Array.isArray(d) ? Math.max(1, d.length) : 1;
  } catch {
    return 1;
  }
}

/** 200 when all succeed (201 for inserts), 412 when all changed after If-Unmodified-Since, 400 when all fail, 207 when mixed. */
function writeStatus(results: ResultItem[], okStatus: number): number {
  const ok = results.filter((r) => r.status === 'success').length;
  if (ok === results.length) return okStatus;
  if (ok > 0) return 207;
  return results.every((r) => r.code === 'ALREADY_MODIFIED') ? 412 : 400;
}

const ref = (v: unknown): LookupRef => {
  const r = v as LookupRef;
  return { name: r.name, id: r.id };
};

function recordDetails(rec: DealRecord) {
  return {
    Modified_Time: rec.Modified_Time,
    Modified_By: ref(rec.Modified_By),
    Created_Time: rec.Created_Time,
    id: rec.id,
    Created_By: ref(rec.Created_By),
  };
}

const success = (rec: DealRecord, message: string): ResultItem => ({
  code: 'SUCCESS',
  details: recordDetails(rec),
  message,
  status: 'success',
});

const alreadyModified = (rec: DealRecord): ResultItem =>
  writeError('ALREADY_MODIFIED', 'record updated time has already passed if-unmodified-since time', recordDetails(rec));

export function updateRecords(crm: Crm, req: Req, pathId: string | null): Reply {
  const body = writeBody(req);
  if (!('data' in body)) return body;
  const items = body.data.map((d, i) => ({ ...d, id: pathId && i === 0 ? pathId : d.id }));

  // If-Unmodified-Since is judged against each record as it was when the request arrived.
  let changedSince: Set<string> = new Set();
  const ius = req.headers['if-unmodified-since'];
  if (typeof ius === 'string' && ius.trim()) {
    const limit = parseDateTime(ius);
    if (Number.isNaN(limit))
      return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'If-Unmodified-Since' });
    changedSince = new Set(
      items
        .map((d) => crm.store.get(String(d.id)))
        .filter((e) => e !== undefined && e.modifiedMs > limit)
        .map((e) => e!.rec.id),
    );
  }

  const results: ResultItem[] = [];
  const updated: string[] = [];
  const affected: Record<string, string[]> = {};
  const values: Record<string, Record<string, unknown>> = {};
  for (const [i, d] of items.entries()) {
    const id = d.id;
    if (id === undefined || id === null || id === '') {
      results.push(
        writeError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id', json_path: `$.data[${i}].id` }),
      );
      continue;
    }
    if (changedSince.has(String(id))) {
      results.push(alreadyModified(crm.store.get(String(id))!.rec));
      continue;
    }
    const { id: _ignored, ...fields } = d;
    void _ignored;
    const r = crm.update(String(id), fields, i, false);
    if (!r.ok) {
      results.push({ ...r.error });
      continue;
    }
    updated.push(r.rec.id);
    affected[r.rec.id] = r.changed;
    values[r.rec.id] = changedValues(r.rec, r.changed);
    results.push(success(r.rec, 'record updated'));
  }
  crm.notifier.emit('update', updated, affected, values);
  return json(writeStatus(results, 200), { data: results });
}

export function createRecords(crm: Crm, req: Req): Reply {
  const body = writeBody(req);
  if (!('data' in body)) return body;
  const results: ResultItem[] = [];
  const created: string[] = [];
  for (const [i, d] of body.data.entries()) {
    const { id: _ignored, ...fields } = d;
    void _ignored;
    const r = crm.create(fields, i, false);
    if (!r.ok) {
      results.push({ ...r.error });
      continue;
    }
    created.push(r.rec.id);
    results.push(success(r.rec, 'record added'));
  }
  crm.notifier.emit('insert', created);
  return json(writeStatus(results, 201), { data: results });
}

export function deleteRecords(crm: Crm, req: Req, pathId: string | null): Reply {
  const idsText = pathId ?? req.query.get('ids');
  if (!idsText)
    return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'ids' });
  const ids = idsText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length > MAX_WRITE)
    return zohoError(400, 'LIMIT_EXCEEDED', 'Record count exceeded', { limit: MAX_WRITE, param_name: 'ids' });
  const results: ResultItem[] = [];
  const deleted: string[] = [];
  for (const id of ids) {
    const rec = crm.remove(id, false);
    if (!rec) {
      results.push(writeError('INVALID_DATA', 'record not deleted', { id }));
      continue;
    }
    deleted.push(id);
    results.push({ code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' });
  }
  crm.notifier.emit('delete', deleted);
  return json(writeStatus(results, 200), { data: results });
}
