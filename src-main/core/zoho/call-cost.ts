/**
 * What one API call costs against Zoho's limits, read from the request before it is sent:
 * - credits (Zoho's table): COQL 1 up to LIMIT 200, 2 up to 1,000, 3 up to 2,000; writes and
 *   deletes 1 per started 10 records; a Bulk Read job 50; everything else 1;
 * - whether it is one of the heavy calls that share Zoho's sub-concurrency of 10 on top of the
 *   edition's limit: COQL, search, Get Records with `sort_by` or `cvid`, writes of more than 10
 *   records.
 */
import type { ZohoRequest } from './zoho-api';

/** Zoho's sub-concurrency for heavy calls, the same in every edition. */
export const HEAVY_CONCURRENCY = 10;
const HEAVY_WRITE = 10;

function records(req: ZohoRequest): number {
  const data = (req.body as { data?: unknown } | undefined)?.data;
  if (Array.isArray(data)) return data.length;
  const ids = req.query?.ids;
  return typeof ids === 'string' ? ids.split(',').filter(Boolean).length : 1;
}

const isCoql = (req: ZohoRequest) => /\/coql\/?$/.test(req.path);
/** Creating a Bulk Read job costs 50 credits (docs/zoho-api.md#bulk-read-limits-and-credits; unverified). */
const BULK_READ_JOB_CREDITS = 50;
const isBulkReadJob = (req: ZohoRequest) => req.method === 'POST' && /\/crm\/bulk\/v\d+\/read\/?$/.test(req.path);

function coqlLimit(req: ZohoRequest): number {
  const query = (req.body as { select_query?: unknown } | undefined)?.select_query;
  const m = typeof query === 'string' ? /\blimit\s+(\d+)(?:\s*,\s*(\d+))?/i.exec(query) : null;
  return m ? Number(m[2] ?? m[1]) : 200;
}

export function creditsOf(req: ZohoRequest): number {
  if (isBulkReadJob(req)) return BULK_READ_JOB_CREDITS;
  if (isCoql(req)) {
    const limit = coqlLimit(req);
    return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
  }
  const method = req.method ?? 'GET';
  if (method === 'PUT' || method === 'POST' || method === 'DELETE') return Math.max(1, Math.ceil(records(req) / 10));
  return 1;
}

export function isHeavyCall(req: ZohoRequest): boolean {
  if (isCoql(req) || /\/search\/?$/.test(req.path)) return true;
  const method = req.method ?? 'GET';
  if (method === 'GET') return req.query?.sort_by !== undefined || req.query?.cvid !== undefined;
  return (method === 'PUT' || method === 'POST') && records(req) > HEAVY_WRITE;
}
