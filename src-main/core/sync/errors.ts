/**
 * How the scheduler reacts to a failed run depends only on its class: wait for the network,
 * wait for the user to reconnect, wait for the user to confirm, or just try again next time.
 */
export type FailureClass = 'offline' | 'reconnect' | 'failsafe' | 'cancelled' | 'error';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'NETWORK_ERROR',
  'NETWORK',
  'OFFLINE',
  'TIMEOUT',
]);

export function errorCode(e: unknown): string | null {
  const o = e as { code?: unknown; cause?: { code?: unknown } } | null;
  if (o && typeof o.code === 'string') return o.code;
  if (o?.cause && typeof o.cause.code === 'string') return o.cause.code;
  return null;
}

export function classifyError(e: unknown): FailureClass {
  const code = errorCode(e);
  const name = (e as { name?: unknown } | null)?.name;
  if (code === 'FAILSAFE_REFUSED') return 'failsafe';
  if (code === 'RECONNECT_NEEDED' || name === 'ReconnectNeededError') return 'reconnect';
  if (name === 'AbortError' || code === 'ABORT_ERR' || code === 'SYNC_CANCELLED') return 'cancelled';
  if (code && NETWORK_CODES.has(code)) return 'offline';
  if (name === 'NetworkError' || name === 'OfflineError' || name === 'TimeoutError') return 'offline';
  const msg = String((e as { message?: unknown } | null)?.message ?? '');
  if (/fetch failed|network|socket hang up|ECONNREFUSED|ENOTFOUND|EAI_AGAIN/i.test(msg)) return 'offline';
  return 'error';
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class SyncCancelledError extends Error {
  override name = 'SyncCancelledError';
  readonly code = 'SYNC_CANCELLED';
  constructor() {
    super('The sync was cancelled');
  }
}

/** The lease was lost mid-run (another process took it after ours expired): stop writing. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  readonly code = 'LEASE_LOST';
  constructor() {
    super('Another process took over syncing this data folder');
  }
}

/**
 * Get Records' page_token reaches 100,000 records and no further (PAGINATION_LIMIT_EXCEEDED). The
 * full sync only lists deals that way when COQL is not allowed; more deals than that need COQL.
 */
export class RecordsCeilingError extends Error {
  override name = 'RecordsCeilingError';
  readonly code = 'RECORDS_CEILING';
  constructor() {
    super(
      'Zoho lists at most 100,000 deals page by page, and this CRM has more. Connect again and allow Pipeline Pulse the COQL permission (ZohoCRM.coql.READ), which reads every deal.',
    );
  }
}
