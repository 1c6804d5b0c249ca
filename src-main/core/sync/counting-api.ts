import type { ZohoApi, ZohoRequest, ZohoResponse } from '../zoho/zoho-api';

/**
 * Wraps the shared client to count what one run did: requests it issued, and — from the
 * client's own stats — retries and 429s during the run (the client is shared, so those two are
 * "during", not strictly "by"; the sync is the only heavy user).
 */
export function countingApi(api: ZohoApi): {
  api: ZohoApi;
  totals(): { calls: number; retries: number; rateLimited: number };
} {
  const before = api.stats();
  let calls = 0;
  const wrapped: ZohoApi = {
    get maxConcurrency() {
      return api.maxConcurrency;
    },
    stats: () => api.stats(),
    request<T>(req: ZohoRequest): Promise<ZohoResponse<T>> {
      calls++;
      return api.request<T>(req);
    },
  };
  return {
    api: wrapped,
    totals() {
      const now = api.stats();
      const retries = Math.max(0, now.retries - before.retries);
      return { calls: calls + retries, retries, rateLimited: Math.max(0, now.rateLimited - before.rateLimited) };
    },
  };
}
