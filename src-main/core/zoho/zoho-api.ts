/**
 * The seam between the Zoho client (connection layer) and everything that talks to Zoho (sync,
 * O2R write-back, notifications). Consumers depend on this interface only, so the client's
 * auth, rate limiting and retries stay in one place.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ZohoRequest {
  method?: HttpMethod;
  /** Path on the API domain, e.g. '/crm/v8/Deals' or '/crm/v8/coql'. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body. */
  body?: unknown;
  /** Extra headers, e.g. If-Modified-Since / If-Unmodified-Since. */
  headers?: Record<string, string>;
  /** Abort the call (e.g. the sync was cancelled). */
  signal?: AbortSignal;
  /** A file download (Bulk Read's zip): a 2xx answer's `data` is the bytes, not parsed JSON. */
  binary?: boolean;
  /** This call's timeout instead of the client's (big downloads). */
  timeoutMs?: number;
}

export interface ZohoResponse<T> {
  /** 200/201/202, or 204 / 304 with `data` null. Other statuses are thrown as ZohoError. */
  status: number;
  data: T | null;
  headers: Headers;
}

export interface ZohoClientStats {
  /** HTTP requests sent to the API domain (each retry counts). */
  calls: number;
  /** Calls that were retries. */
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Access-token refreshes performed. */
  refreshes: number;
  /** Zoho API credits spent, by Zoho's table (call-cost.ts), for the calls Zoho charged. */
  credits: number;
}

export interface ZohoApi {
  request<T = unknown>(req: ZohoRequest): Promise<ZohoResponse<T>>;
  stats(): ZohoClientStats;
  /** How many calls may be in flight at once (within the edition's concurrency limit). */
  readonly maxConcurrency: number;
}
