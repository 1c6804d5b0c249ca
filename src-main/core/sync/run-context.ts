import type { Database } from 'better-sqlite3';
import type { ZohoApi } from '../zoho/zoho-api';
import type { FullCheckpoint } from './checkpoint';
import type { FollowOptions } from './bulk/follow-job';
import type { FieldSet } from './field-set';
import type { IngestCounts, Ingestor } from './ingest';
import type { ProgressTracker } from './progress';
import type { SyncKv } from './state-kv';

/** What full and delta sync need for one run; built by the engine. */
export interface RunContext {
  sqlite: Database;
  kv: SyncKv;
  api: ZohoApi;
  fs: FieldSet;
  ingest: Ingestor;
  progress: ProgressTracker;
  runId: number;
  /** COQL rows per call (2,000 in production; tests may lower it to get more kill points). */
  pageSize: number;
  /** Calls in flight at once during a full sync. */
  concurrency: number;
  /** Subtracted from the next delta's cursor: clock skew and records committed late. */
  overlapMs: number;
  failsafePercent: number;
  signal: AbortSignal;
  counts: IngestCounts;
  /** Ids added/changed and removed by a delta (a full sync reports 'all'). */
  changedIds: string[];
  removedIds: string[];
  pages: { n: number };
  /** Throws when the lease was lost; called before every write. */
  checkLease(): void;
  /** Called after every committed page (the engine throttles data.changed from here). */
  afterPage(): void;
  /**
   * Called inside each page's (or removal's) transaction: the run's history row grows with what
   * was committed, so a run that is killed shows what it really wrote.
   */
  recordProgress(page: { added: number; changed: number }, removed?: number): void;
  /** A new full sync of more than `minDeals` deals reads them with Bulk Read (0: never). */
  /** Also the URL Zoho calls back when a job is done (null: polling only; follow-job.ts). */
  bulk: { minDeals: number; follow: FollowOptions; callbackUrl: string | null };
  /** How the full sync fetched (for the run's result): the mode, and why Bulk Read gave way. */
  notes: { method?: FullCheckpoint['mode']; bulkFallback?: string };
}

/**
 * When this run started, by the earlier of our clock and the server's (its Date header, moved
 * back by the time elapsed since we started): Modified_Time is stamped by Zoho's clock, so a
 * local clock running fast must not push the next delta's cursor past changes.
 */
export function runStart(localStartMs: number, serverDateMs: number | null, receivedAtMs = Date.now()): number {
  if (serverDateMs === null) return localStartMs;
  return Math.min(localStartMs, serverDateMs - Math.max(0, receivedAtMs - localStartMs));
}
