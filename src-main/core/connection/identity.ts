/**
 * Who the connection belongs to: the org (`GET /crm/v8/org`) and the signed-in user
 * (`GET /crm/v8/users?type=CurrentUser`). Fetched when connecting (so a token without the needed
 * scopes is caught before anything is saved) and by "Test connection".
 */
import type { ZohoApi } from '../zoho/zoho-api';

export interface Identity {
  org: { id: string; name: string; edition: string | null };
  user: { name: string; email: string | null };
}

interface OrgBody {
  org?: { id?: string; company_name?: string; license_details?: { paid_type?: string } }[];
}
interface UsersBody {
  users?: { full_name?: string; first_name?: string; last_name?: string; email?: string }[];
}

export async function fetchIdentity(api: ZohoApi): Promise<Identity> {
  const [org, users] = await Promise.all([
    api.request<OrgBody>({ path: '/crm/v8/org' }),
    api.request<UsersBody>({ path: '/crm/v8/users', query: { type: 'CurrentUser' } }),
  ]);
  const o = org.data?.org?.[0];
  const u = users.data?.users?.[0];
  return {
    org: {
      id: o?.id ?? '',
      name: o?.company_name ?? 'Unnamed organisation',
      edition: o?.license_details?.paid_type ?? null,
    },
    user: {
      name: u?.full_name ?? ([u?.first_name, u?.last_name].filter(Boolean).join(' ') || 'Unknown user'),
      email: u?.email ?? null,
    },
  };
}

/** Zoho's per-org concurrency by edition; heavy calls are further capped at 10 (docs/zoho-api.md#limits). */
const CONCURRENCY: Record<string, number> = { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 };

/**
 * How many calls to keep in flight: within the edition's limit, leaving room for the user's own
 * Zoho tabs and other integrations, and never above the heavy-call sub-limit of 10.
 */
export function concurrencyForEdition(edition: string | null): number {
  const limit = CONCURRENCY[(edition ?? '').toLowerCase()] ?? 5;
  return Math.max(1, Math.min(10, limit - 2));
}

/**
 * Credits an org gets over a rolling 24 hours before its user licences are counted (Free 5,000;
 * every paid edition 50,000 plus a share per licence, which the app cannot see).
 */
const BASE_CREDITS: Record<string, number> = {
  free: 5_000,
  standard: 50_000,
  professional: 50_000,
  enterprise: 50_000,
  ultimate: 50_000,
};

/**
 * The share of those credits Pipeline Pulse allows itself: half of the edition's base, so the
 * org's other integrations always keep the rest. A day of syncing a 100,000-deal pipeline every
 * 15 minutes costs a few hundred.
 */
export function creditBudgetForEdition(edition: string | null): number {
  return (BASE_CREDITS[(edition ?? '').toLowerCase()] ?? BASE_CREDITS.free) / 2;
}
