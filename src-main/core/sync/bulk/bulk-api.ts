/**
 * Zoho's Bulk Read API through the `ZohoApi` seam (docs/zoho-api.md#bulk-read-jobs, docs/zoho-api.md#bulk-read-result-files): create
 * a job for one page of up to 200,000 records, read its state, download its zip. The download
 * always goes to the documented `/crm/bulk/v8/read/{id}/result` on the API domain, never to a
 * URL taken from an answer, so the access token cannot be sent anywhere else.
 */
import type { ZohoApi } from '../../zoho/zoho-api';

export const BULK_READ_PATH = '/crm/bulk/v8/read';
/** Zoho's records per result file. */
export const BULK_PAGE_SIZE = 200_000;
/** Generous: a 200,000-record zip is some tens of MB. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

export interface BulkJob {
  id: string;
  /** ADDED, QUEUED, IN PROGRESS, COMPLETED, or FAILURE (Zoho's OAS; "FAILED" is read the same). */
  state: string;
  result: { page: number; count: number; moreRecords: boolean } | null;
}

/** The job could not give us the file: it failed, never finished, or answered nonsense. */
export class BulkReadError extends Error {
  override name = 'BulkReadError';
  readonly code = 'BULK_READ_FAILED';
}

interface CreateBody {
  data?: { status?: string; code?: string; details?: { id?: unknown; state?: unknown } }[];
}

export async function createBulkJob(
  api: ZohoApi,
  fields: readonly string[],
  page: number,
  signal?: AbortSignal,
  callbackUrl?: string | null,
): Promise<string> {
  const body: Record<string, unknown> = {
    query: { module: { api_name: 'Deals' }, fields, page },
    file_type: 'csv',
  };
  if (callbackUrl) body.callback = { url: callbackUrl, method: 'post' };
  const res = await api.request<CreateBody>({ method: 'POST', path: BULK_READ_PATH, body, signal });
  const id = res.data?.data?.[0]?.details?.id;
  if (typeof id !== 'string' && typeof id !== 'number')
    throw new BulkReadError('Zoho accepted the Bulk Read job but gave no job id.');
  return String(id);
}

interface DetailsBody {
  data?: {
    id?: unknown;
    state?: unknown;
    result?: { page?: unknown; count?: unknown; more_records?: unknown } | null;
  }[];
}

export async function bulkJobDetails(api: ZohoApi, id: string, signal?: AbortSignal): Promise<BulkJob> {
  const res = await api.request<DetailsBody>({ path: `${BULK_READ_PATH}/${encodeURIComponent(id)}`, signal });
  const job = res.data?.data?.[0];
  if (!job || typeof job.state !== 'string') throw new BulkReadError(`Zoho gave no state for Bulk Read job ${id}.`);
  const r = job.result;
  return {
    id,
    state: job.state,
    result: r ? { page: Number(r.page ?? 0), count: Number(r.count ?? 0), moreRecords: r.more_records === true } : null,
  };
}

export async function downloadBulkResult(api: ZohoApi, id: string, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await api.request<Uint8Array>({
    path: `${BULK_READ_PATH}/${encodeURIComponent(id)}/result`,
    binary: true,
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
    signal,
  });
  if (!(res.data instanceof Uint8Array)) throw new BulkReadError(`Zoho sent no file for Bulk Read job ${id}.`);
  return res.data;
}

/** How many deals the org holds (`GET /crm/v8/Deals/actions/count`), null when Zoho does not say. */
export async function fetchDealCount(api: ZohoApi, signal?: AbortSignal): Promise<number | null> {
  const res = await api.request<{ count?: unknown }>({ path: '/crm/v8/Deals/actions/count', signal });
  if (res.status === 204) return 0;
  const n = Number(res.data?.count);
  return Number.isFinite(n) && n >= 0 ? n : null;
}
