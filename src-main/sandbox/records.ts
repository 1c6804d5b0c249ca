/**
 * `/crm/v8/Deals` records endpoints with Zoho's paging rules: `fields` is required (≤ 50),
 * `per_page` ≤ 200, `page` reaches only the first 2,000 records, `page_token` continues up to
 * 100,000; `If-Modified-Since` filters (304 when nothing is newer); 204 when nothing matches.
 * Writes take ≤ 100 records and answer per record; `If-Unmodified-Since` guards against
 * overwriting a change made in the CRM meanwhile (412).
 */
import type { Crm } from './crm';
import { json, parseJsonBody, zohoError, type Reply, type Req } from './http';
import { DEAL_FIELD_BY_API } from './metadata';
import { firstModifiedAfter, type Entry, type SortBy } from './store';
import { parseDateTime, zohoDateTime } from './time';
import type { DealRecord } from './types';

const MAX_FIELDS = 50;
const MAX_PER_PAGE = 200;
const DISCRETE_LIMIT = 2000;
const TOKEN_CEILING = 100_000;
const MAX_WRITE = 100;
const TOKEN_TTL_MS = 24 * 3600_000;

interface PageToken {
  s: SortBy;
  o: 'asc' | 'desc';
  i: number | null;
  n: number;
  e: number;
}

const encodeToken = (t: PageToken) => Buffer.from(JSON.stringify(t)).toString('hex');

function decodeToken(text: string): PageToken | null {
  try {
    if (!/^[0-9a-f]+$/.test(text)) return null;
    const t = JSON.parse(Buffer.from(text, 'hex').toString('utf8')) as PageToken;
    return typeof t.n === 'number' && ['id', 'Created_Time', 'Modified_Time'].includes(t.s) ? t : null;
  } catch {
    return null;
  }
}

export function project(rec: DealRecord, fields: string[] | null): Record<string, unknown> {
  if (!fields) return { ...rec };
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = rec[f] ?? null;
  out.id = rec.id;
  return out;
}

/** Parses `fields`; returns the list or an error reply. */
function parseFields(req: Req): string[] | Reply {
  const raw = req.query.get('fields');
  if (!raw || !raw.trim())
    return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'fields' });
  const fields = [
    ...new Set(
      raw
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    ),
  ];
  if (fields.length > MAX_FIELDS)
    return zohoError(400, 'LIMIT_EXCEEDED', 'Max field limit exceeded', { param: 'fields', limit: MAX_FIELDS });
  const unknown = fields.find((f) => f !== 'id' && !DEAL_FIELD_BY_API.has(f));
  if (unknown) return zohoError(400, 'INVALID_DATA', 'invalid data', { api_name: unknown, param: 'fields' });
  return fields;
}

function positiveInt(text: string | null, fallback: number): number | null {
  if (text === null || text === '') return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/** Entries in the requested order, filtered by If-Modified-Since, without copying when possible. */
function view(crm: Crm, sortBy: SortBy, sinceMs: number | null): { length: number; at: (i: number) => Entry } {
  if (sinceMs === null) {
    const list = crm.store.sorted(sortBy);
    return { length: list.length, at: (i) => list[i] };
  }
  if (sortBy === 'Modified_Time') {
    const list = crm.store.sorted('Modified_Time');
    const start = firstModifiedAfter(list, sinceMs);
    return { length: list.length - start, at: (i) => list[start + i] };
  }
  const list = crm.store.sorted(sortBy).filter((e) => e.modifiedMs > sinceMs);
  return { length: list.length, at: (i) => list[i] };
}

export function getRecords(crm: Crm, req: Req): Reply {
  const fields = parseFields(req);
  if (!Array.isArray(fields)) return fields;
  const perPage = positiveInt(req.query.get('per_page'), MAX_PER_PAGE);
  if (perPage === null || perPage > MAX_PER_PAGE)
    return zohoError(400, 'INVALID_DATA', 'invalid data', {
      param_name: 'per_page',
      maximum_length: String(MAX_PER_PAGE),
    });
  const tokenText = req.query.get('page_token');
  let sortBy: SortBy;
  let order: 'asc' | 'desc';
  let sinceMs: number | null;
  let offset: number;
  let page: number;
  if (tokenText) {
    const t = decodeToken(tokenText);
    if (!t || t.e < crm.now()) return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'page_token' });
    if (t.n >= TOKEN_CEILING)
      return zohoError(400, 'LIMIT_EXCEEDED', 'Record count exceeded', { limit: TOKEN_CEILING, param: 'page_token' });
    ({ s: sortBy, o: order, i: sinceMs, n: offset } = t);
    page = Math.floor(offset / perPage) + 1;
  } else {
    const s = req.query.get('sort_by') ?? 'id';
    if (s !== 'id' && s !== 'Created_Time' && s !== 'Modified_Time')
      return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'sort_by' });
    sortBy = s;
    const o = req.query.get('sort_order') ?? 'desc';
    if (o !== 'asc' && o !== 'desc')
      return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'sort_order' });
    order = o;
    const ims = req.headers['if-modified-since'];
    sinceMs = null;
    if (typeof ims === 'string' && ims.trim()) {
      const ms = parseDateTime(ims);
      if (Number.isNaN(ms)) return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'If-Modified-Since' });
      sinceMs = ms;
    }
    const p = positiveInt(req.query.get('page'), 1);
    if (p === null) return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'page' });
    page = p;
    offset = (page - 1) * perPage;
    if (offset + perPage > DISCRETE_LIMIT) {
      return zohoError(
        400,
        'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        'cannot fetch more than 2000 records using page; use page_token to fetch more records',
        { limit: DISCRETE_LIMIT },
      );
    }
  }

  const v = view(crm, sortBy, sinceMs);
  if (v.length === 0) {
    // Zoho: 304 when If-Modified-Since filters everything out, 204 when there is nothing at all.
    return sinceMs !== null && crm.store.size > 0 ? { status: 304 } : { status: 204 };
  }
  const end = Math.min(v.length, offset + perPage);
  if (offset >= end) return { status: 204 };
  const data: Record<string, unknown>[] = [];
  for (let i = offset; i < end; i++) {
    const e = v.at(order === 'asc' ? i : v.length - 1 - i);
    data.push(project(e.rec, fields));
  }
  const more = end < v.length;
  const next =
    more && end < TOKEN_CEILING
      ? encodeToken({ s: sortBy, o: order, i: sinceMs, n: end, e: crm.now() + TOKEN_TTL_MS })
      : null;
  return json(200, {
    data,
    info: {
      per_page: perPage,
      next_page_token: next,
      count: data.length,
      sort_by: sortBy,
      page,
      previous_page_token: null,
      page_token_expiry: next ? zohoDateTime(crm.now() + TOKEN_TTL_MS) : null,
      sort_order: order,
      more_records: more,
    },
  });
}

export function getRecord(crm: Crm, id: string): Reply {
  if (!/^\d+$/.test(id)) return zohoError(400, 'INVALID_DATA', 'the id given seems to be invalid', { api_name: 'id' });
  const e = crm.store.get(id);
  if (!e) return { status: 204 };
  return json(200, { data: [project(e.rec, null)] });
}

export function getDeleted(crm: Crm, req: Req): Reply {
  const type = req.query.get('type') ?? 'all';
  if (!['all', 'recycle', 'permanent'].includes(type))
    return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'type' });
  const perPage = positiveInt(req.query.get('per_page'), MAX_PER_PAGE);
  const page = positiveInt(req.query.get('page'), 1);
  if (perPage === null || perPage > MAX_PER_PAGE || page === null)
    return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'per_page' });
  const ims = req.headers['if-modified-since'];
  const sinceMs = typeof ims === 'string' && ims.trim() ? parseDateTime(ims) : null;
  if (sinceMs !== null && Number.isNaN(sinceMs))
    return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'If-Modified-Since' });
  // Newest deletions first, as Zoho lists the recycle bin.
  const all = crm.store.deleted
    .filter((d) => type === 'all' || d.type === type)
    .filter((d) => sinceMs === null || parseDateTime(d.deleted_time) > sinceMs)
    .reverse();
  if (all.length === 0) return sinceMs !== null && crm.store.deleted.length > 0 ? { status: 304 } : { status: 204 };
  const offset = (page - 1) * perPage;
  const data = all.slice(offset, offset + perPage);
  if (data.length === 0) return { status: 204 };
  return json(200, {
    data,
    info: { per_page: perPage, count: data.length, page, more_records: offset + perPage < all.length },
  });
}

type WriteBody = { data: Record<string, unknown>[] } | Reply;

function writeBody(req: Req): WriteBody {
  const parsed = parseJsonBody(req);
  if (!parsed.ok) return zohoError(400, 'INVALID_DATA', 'body', {});
  const data = (parsed.value as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data) || data.length === 0)
    return zohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'data' });
  if (data.length > MAX_WRITE)
    return zohoError(400, 'LIMIT_EXCEEDED', 'Record count exceeded', { limit: MAX_WRITE, api_name: 'data' });
  if (data.some((d) => typeof d !== 'object' || d === null || Array.isArray(d)))
    return zohoError(400, 'INVALID_DATA', 'body', { api_name: 'data' });
  return { data: data as Record<string, unknown>[] };
}

/** Number of records in a write body (for credits), 1 when unreadable. */
export function writeSize(req: Req): number {
  try {
    const d = (JSON.parse(req.body) as { data?: unknown }).data;
    return Array.isArray(d) ? Math.max(1, Math.min(d.length, MAX_WRITE)) : 1;
  } catch {
    return 1;
  }
}

/** 200 when all succeed (201 for inserts), 400 when all fail, 207 when mixed. */
function writeStatus(results: { status: string }[], okStatus: number): number {
  const ok = results.filter((r) => r.status === 'success').length;
  return ok === results.length ? okStatus : ok === 0 ? 400 : 207;
}

const success = (rec: DealRecord, message: string) => ({
  code: 'SUCCESS',
  details: {
    Modified_Time: rec.Modified_Time,
    Modified_By: rec.Modified_By,
    Created_Time: rec.Created_Time,
    id: rec.id,
    Created_By: rec.Created_By,
  },
  message,
  status: 'success',
});

export function updateRecords(crm: Crm, req: Req, pathId: string | null): Reply {
  const body = writeBody(req);
  if (!('data' in body)) return body;
  const items = body.data.map((d, i) => ({ ...d, id: pathId && i === 0 ? pathId : d.id }));

  const ius = req.headers['if-unmodified-since'];
  if (typeof ius === 'string' && ius.trim()) {
    const limit = parseDateTime(ius);
    if (Number.isNaN(limit))
      return zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: 'If-Unmodified-Since' });
    const changed = items
      .map((d) => crm.store.get(String(d.id)))
      .filter((e) => e && e.modifiedMs > limit)
      .map((e) => e!.rec.id);
    if (changed.length > 0) {
      return zohoError(
        412,
        'PRECONDITION_FAILED',
        'the record has been modified after the time given in If-Unmodified-Since',
        { ids: changed },
      );
    }
  }

  const results: Record<string, unknown>[] = [];
  const updated: string[] = [];
  const affected: Record<string, string[]> = {};
  for (const [i, d] of items.entries()) {
    const id = d.id;
    if (id === undefined || id === null || id === '') {
      results.push({
        code: 'MANDATORY_NOT_FOUND',
        details: { api_name: 'id', json_path: `$.data[${i}].id` },
        message: 'required field not found',
        status: 'error',
      });
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
    results.push(success(r.rec, 'record updated'));
  }
  crm.notifier.emit('update', updated, affected);
  return json(writeStatus(results as { status: string }[], 200), { data: results });
}

export function createRecords(crm: Crm, req: Req): Reply {
  const body = writeBody(req);
  if (!('data' in body)) return body;
  const results: Record<string, unknown>[] = [];
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
  return json(writeStatus(results as { status: string }[], 201), { data: results });
}

export function deleteRecords(crm: Crm, req: Req, pathId: string | null): Reply {
  const idsText = pathId ?? req.query.get('ids');
  if (!idsText)
    return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'ids' });
  const ids = idsText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length > MAX_WRITE)
    return zohoError(400, 'LIMIT_EXCEEDED', 'Record count exceeded', { limit: MAX_WRITE, param: 'ids' });
  const results: Record<string, unknown>[] = [];
  const deleted: string[] = [];
  for (const id of ids) {
    const rec = crm.remove(id, false);
    if (!rec) {
      results.push({
        code: 'INVALID_DATA',
        details: { id },
        message: 'the id given seems to be invalid',
        status: 'error',
      });
      continue;
    }
    deleted.push(id);
    results.push({ code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' });
  }
  crm.notifier.emit('delete', deleted);
  return json(writeStatus(results as { status: string }[], 200), { data: results });
}
