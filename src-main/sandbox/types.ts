/** Shared shapes of the sandbox. Records are plain JSON objects, exactly as Zoho returns them. */

export type Edition = 'free' | 'standard' | 'professional' | 'enterprise' | 'ultimate';

export interface LookupRef {
  name: string;
  id: string;
}

export interface UserRef extends LookupRef {
  email: string;
}

/** A Deal as stored and as returned by `GET /crm/v8/Deals/{id}` (all fields). */
export interface DealRecord {
  id: string;
  Deal_Name: string;
  Created_Time: string;
  Modified_Time: string;
  [field: string]: unknown;
}

export interface DeletedRecord {
  id: string;
  display_name: string;
  type: 'recycle' | 'permanent';
  deleted_time: string;
  deleted_by: LookupRef;
  created_by: LookupRef;
}

export type FaultKind = '429' | '500' | '502' | '503' | 'timeout' | 'reset' | 'malformed';

export interface FaultProfile {
  /** Seed of the fault PRNG: the same seed and request order give the same faults. */
  seed: number;
  /** Probability (0..1) of each fault per `/crm/` API call. */
  rates: Partial<Record<FaultKind, number>>;
  /** How long a `timeout` fault hangs before the sandbox drops the socket itself (default 30 s). */
  timeoutMs?: number;
}

export interface SandboxStats {
  /** Calls per endpoint, keyed like `GET /crm/v8/Deals` or `POST /oauth/v2/token`. */
  calls: Record<string, number>;
  /** `/crm/` API calls received (including those answered with 429 or a fault). */
  totalApiCalls: number;
  /** Credits spent in the last 24 hours (Zoho's window is rolling). */
  creditsUsed: number;
  dailyCreditLimit: number;
  tooManyRequests: number;
  faultsInjected: number;
  faultsByKind: Partial<Record<FaultKind, number>>;
  tokenRefreshes: number;
  accessTokensIssued: number;
  notificationsSent: number;
  /** Callbacks given up after their last retry. */
  notificationsFailed: number;
  /** Failed callback attempts that will be tried again (the receiver was down or refused). */
  notificationsRetried: number;
  inFlight: number;
  maxInFlight: number;
  concurrencyLimit: number;
  /** Heavy calls (COQL, Get Records with sort_by, writes of > 10 records) in flight now / at most. */
  heavyInFlight: number;
  maxHeavyInFlight: number;
  subConcurrencyLimit: number;
  edition: Edition;
}
