import { abortableSleep } from '../../zoho/rate-window';
import type { ZohoApi } from '../../zoho/zoho-api';
import { bulkJobDetails, BulkReadError, type BulkJob } from './bulk-api';

/**
 * The seam for Zoho's Bulk Read job callback (docs/zoho-api.md#bulk-read-callback), for the
 * instant-updates receiver to fill in: where Zoho should POST when a job is done, and a promise
 * that resolves when it did for a job. The callback is only a hint to look at the job now; its
 * content is never trusted. Without one, jobs are followed by polling alone.
 */
export interface BulkJobCallback {
  /** The URL to give Zoho with each new job, or null when the receiver is not reachable now. */
  url(): Promise<string | null>;
  /** Resolves when a callback about `jobId` arrived (never rejects; may never resolve). */
  arrived(jobId: string): Promise<void>;
}

export interface FollowOptions {
  /** First wait after the first look; each further wait is 1.5× longer, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Give up (and let the sync fall back to COQL) when the job has not finished by then. */
  timeoutMs: number;
  /**
   * The seam for Zoho's job callback: resolves when a callback about this job arrived, so the
   * next look happens at once instead of after the wait. Null/absent: polling only.
   */
  wake?: ((jobId: string) => Promise<void>) | null;
}

/**
 * A look costs 1 credit; waits of at most 10 s keep a 200,000-record job that Zoho takes minutes
 * over to a dozen or so looks, and lose at most 10 s after it completed.
 */
export const DEFAULT_FOLLOW: FollowOptions = { firstDelayMs: 1000, maxDelayMs: 10_000, timeoutMs: 30 * 60_000 };

const FAILED = new Set(['FAILURE', 'FAILED']);

/**
 * Follows a Bulk Read job until it is COMPLETED (returned) or FAILURE (BulkReadError): reads its
 * state at once (a resumed sync may find it done), then after waits growing from `firstDelayMs`
 * (ADDED / QUEUED / IN PROGRESS mean "not yet"; docs/zoho-api.md#bulk-read-jobs).
 */
export async function followJob(
  api: ZohoApi,
  id: string,
  opts: FollowOptions,
  signal: AbortSignal,
  onState?: (state: string) => void,
): Promise<BulkJob & { result: NonNullable<BulkJob['result']> }> {
  const started = Date.now();
  let delay = opts.firstDelayMs;
  for (;;) {
    const job = await bulkJobDetails(api, id, signal);
    onState?.(job.state);
    if (job.state === 'COMPLETED') {
      if (!job.result) throw new BulkReadError(`Bulk Read job ${id} completed without a result.`);
      return { ...job, result: job.result };
    }
    if (FAILED.has(job.state)) throw new BulkReadError(`Zoho's Bulk Read job ${id} failed (${job.state}).`);
    if (Date.now() - started > opts.timeoutMs)
      throw new BulkReadError(
        `Zoho's Bulk Read job ${id} did not finish within ${Math.round(opts.timeoutMs / 60_000)} min.`,
      );
    const woken = opts.wake?.(id);
    await Promise.race([abortableSleep(delay, signal), ...(woken ? [woken] : [])]);
    if (signal.aborted) throw signal.reason ?? new Error('aborted');
    delay = Math.min(opts.maxDelayMs, delay * 1.5);
  }
}
