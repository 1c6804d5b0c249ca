/**
 * Reading `/crm/v8/Deals` with Zoho's paging rules: `fields` is required (≤ 50), `per_page` ≤ 200,
 * `page` reaches only the first 2,000 records, `page_token` continues up to 100,000 and is bound to
 * the request that issued it (page-token.ts); `If-Modified-Since` filters (304 when nothing is
 * newer); 204 when nothing matches. Error bodies follow record.yaml (`param_name`, EXPIRED_VALUE,
 * TOKEN_BOUND_DATA_MISMATCH, AMBIGUITY_DURING_PROCESSING, PAGINATION_LIMIT_EXCEEDED; errors of
 * `/deleted` wrapped in `data[]`). Writes are in writes.ts.
 */
import type { Crm } from './crm';
import { json, zohoError, type Reply, type Req } from './http';
import { DEAL_FIELD_BY_API } from './metadata';
import type { PageToken } from './page-token';
import { firstModifiedAfter, type Entry, type SortBy } from './store';
import { parseDateTime, zohoDateTime } from './time';
import type { DealRecord } from './types';

const MAX_FIELDS = 50;
const MAX_PER_PAGE = 200;
/** Get Records' `ids`: at most 100 a call (as for writes; Zoho's docs give no number for reads — guess). */
const MAX_IDS = 100;
const DISCRETE_LIMIT = 2000;
export const TOKEN_CEILING = 100_000;
const SORT_VALUES: SortBy[] = ['id', 'Created_Time', 'Modified_Time'];

export function project(rec: DealRecord, fields: string[] | null): Record<string, unknown> {
  if (!fields) return { ...rec };
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = rec[f] ?? null;
  out.id = rec.id;
  return out;
}

const invalidParam = (param: string, extra: Record<string, unknown> = {}) =>
  zohoError(400, 'INVALID_DATA', 'invalid data', { param_name: param, ...extra });

/** A comma-separated parameter's distinct, non-empty items. */
const commaList = (text: string): string[] => [
  ...new Set(
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

/** Parses `fields`; returns the list or an error reply. */
function parseFields(req: Req): string[] | Reply {
  const raw = req.query.get('fields');
  if (!raw || !raw.trim())
    return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
      param_name: 'fields',
    });
  const fields = commaList(raw);
  if (fields.length > MAX_FIELDS)
    return zohoError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: MAX_FIELDS, param_name: 'fields' });
  const unknown = fields.find((f) => f !== 'id' && !DEAL_FIELD_BY_API.has(f));
  if (unknown) return invalidParam('fields', { api_name: unknown });
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

interface Listing {
  sortBy: SortBy;
  order: 'asc' | 'desc';
  sinceMs: number | null;
  offset: number;
  page: number;
}

/** The page a `page_token` asks for, or Zoho's error for it. */
function fromToken(crm: Crm, text: string, fields: string[], sortBy: SortBy, perPage: number): Listing | Reply {
  const check = crm.pageTokens.check(text, { fields, sortBy, perPage }, crm.now());
  if (!check.ok && check.reason === 'expired')
    return zohoError(400, 'EXPIRED_VALUE', 'Page token expired', {
      api_name: 'page_token',
      json_path: '$.query.page_token',
    });
  if (!check.ok)
    return zohoError(
      400,
      'TOKEN_BOUND_DATA_MISMATCH',
      'The page_token given seems to be invalid or input param is added or altered or deleted',
      { param_name: 'page_token' },
    );
  const t: PageToken = check.token;
  if (t.offset >= TOKEN_CEILING)
    return zohoError(400, 'PAGINATION_LIMIT_EXCEEDED', 'You can only get upto 100000 records using page_token param', {
      param_name: 'page_token',
    });
  return {
    sortBy: t.sortBy,
    order: t.order,
    sinceMs: t.sinceMs,
    offset: t.offset,
    page: Math.floor(t.offset / perPage) + 1,
  };
}

/** The page `page` (and the headers) ask for, or Zoho's error for it. */
function fromPage(req: Req, sortBy: SortBy, perPage: number): Listing | Reply {
  const order = req.query.get('sort_order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return invalidParam('sort_order');
  const ims = req.headers['if-modified-since'];
  let sinceMs: number | null = null;
  if (typeof ims === 'string' && ims.trim()) {
    sinceMs = parseDateTime(ims);
    if (Number.isNaN(sinceMs)) return invalidParam('If-Modified-Since');
  }
  const page = positiveInt(req.query.get('page'), 1);
  if (page === null) return invalidParam('page');
  const offset = (page - 1) * perPage;
  if (offset + perPage > DISCRETE_LIMIT) {
    return zohoError(
      400,
      'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
      'You can only get the first 2000 records without using page_token param',
      { limit: DISCRETE_LIMIT },
    );
  }
  return { sortBy, order, sinceMs, offset, page };
}

/** Get Records with `ids` (≤ 100, comma-separated): those records that exist, no paging; 204 when none. */
function byIds(crm: Crm, text: string, fields: string[]): Reply {
  const ids = commaList(text);
  if (ids.length === 0 || ids.some((id) => !/^\d+$/.test(id))) return invalidParam('ids');
  if (ids.length > MAX_IDS)
    return zohoError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: MAX_IDS, param_name: 'ids' });
  const data = ids.flatMap((id) => {
    const e = crm.store.get(id);
    return e ? [project(e.rec, fields)] : [];
  });
  if (data.length === 0) return { status: 204 };
  return json(200, {
    data,
    info: { per_page: MAX_IDS, count: data.length, page: 1, more_records: false, next_page_token: null },
  });
}

export function getRecords(crm: Crm, req: Req): Reply {
  const fields = parseFields(req);
  if (!Array.isArray(fields)) return fields;
  const idsText = req.query.get('ids');
  if (idsText !== null) return byIds(crm, idsText, fields);
  const perPage = positiveInt(req.query.get('per_page'), MAX_PER_PAGE);
  if (perPage === null || perPage > MAX_PER_PAGE)
    return invalidParam('per_page', { maximum_length: String(MAX_PER_PAGE) });
  const sortBy = (req.query.get('sort_by') ?? 'id') as SortBy;
  if (!SORT_VALUES.includes(sortBy)) return invalidParam('sort_by', { supported_values: SORT_VALUES });
  const tokenText = req.query.get('page_token');
  // Zoho documents AMBIGUITY_DURING_PROCESSING for Get Records; both paging parameters at once is
  // the likely trigger (unverified).
  if (tokenText !== null && req.query.get('page') !== null)
    return zohoError(400, 'AMBIGUITY_DURING_PROCESSING', 'ambiguity while processing the request', {
      ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }],
    });
  const listing =
    tokenText !== null ? fromToken(crm, tokenText, fields, sortBy, perPage) : fromPage(req, sortBy, perPage);
  if (!('offset' in listing)) return listing;
  const { order, sinceMs, offset, page } = listing;

  const v = view(crm, listing.sortBy, sinceMs);
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
  // A token is issued whenever more records exist; past 100,000 it is refused when used.
  const next = more
    ? crm.pageTokens.issue({ fields, sortBy: listing.sortBy, perPage, order, sinceMs, offset: end }, crm.now())
    : null;
  return json(200, {
    data,
    info: {
      per_page: perPage,
      next_page_token: next?.text ?? null,
      count: data.length,
      sort_by: listing.sortBy,
      page,
      previous_page_token: null,
      page_token_expiry: next ? zohoDateTime(next.expiresAt) : null,
      sort_order: order,
      more_records: more,
    },
  });
}

export function getRecord(crm: Crm, id: string): Reply {
  if (!/^\d+$/.test(id))
    return zohoError(400, 'INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 1 });
  const e = crm.store.get(id);
  if (!e) return { status: 204 };
  return json(200, { data: [project(e.rec, null)] });
}

/** Zoho wraps the errors of `/deleted` in `data[]` (record.yaml, DeletedRecordsErrorResponse). */
const deletedError = (code: string, message: string, details: Record<string, unknown>): Reply =>
  json(400, { data: [{ code, details, message, status: 'error' }] });

export function getDeleted(crm: Crm, req: Req): Reply {
  const type = req.query.get('type') ?? 'all';
  if (!['all', 'recycle', 'permanent'].includes(type))
    return deletedError('PATTERN_NOT_MATCHED', 'Please check whether the input values are correct', {
      param_name: 'type',
    });
  const perPage = positiveInt(req.query.get('per_page'), MAX_PER_PAGE);
  const page = positiveInt(req.query.get('page'), 1);
  if (perPage === null || perPage > MAX_PER_PAGE || page === null)
    return deletedError('PATTERN_NOT_MATCHED', 'Please check whether the input values are correct', {
      param_name: perPage === null || perPage > MAX_PER_PAGE ? 'per_page' : 'page',
    });
  const ims = req.headers['if-modified-since'];
  const sinceMs = typeof ims === 'string' && ims.trim() ? parseDateTime(ims) : null;
  if (sinceMs !== null && Number.isNaN(sinceMs)) return invalidParam('If-Modified-Since');
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
