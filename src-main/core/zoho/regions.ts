import type { RegionIdValue } from '../../../src-shared/contract/connection-schemas';

/**
 * Zoho data centres. An account lives in exactly one; its accounts server (OAuth) and API host
 * differ per centre (docs/zoho-api.md#data-centres). India is the default because the product's first users are there.
 * The token endpoint also returns `api_domain`, which wins over the table when present.
 * "sandbox" is the built-in Zoho CRM sandbox (or any test double): the caller gives its base URL.
 */
export type RegionId = RegionIdValue;

export interface Region {
  id: RegionId;
  label: string;
  /** Empty for the sandbox: its URL is given at connect time. */
  accountsUrl: string;
  apiDomain: string;
}

export const DEFAULT_REGION: RegionId = 'in';

export const REGIONS: readonly Region[] = [
  { id: 'in', label: 'India (zoho.in)', accountsUrl: 'https://accounts.zoho.in', apiDomain: 'https://www.zohoapis.in' },
  {
    id: 'us',
    label: 'United States (zoho.com)',
    accountsUrl: 'https://accounts.zoho.com',
    apiDomain: 'https://www.zohoapis.com',
  },
  {
    id: 'eu',
    label: 'Europe (zoho.eu)',
    accountsUrl: 'https://accounts.zoho.eu',
    apiDomain: 'https://www.zohoapis.eu',
  },
  {
    id: 'au',
    label: 'Australia (zoho.com.au)',
    accountsUrl: 'https://accounts.zoho.com.au',
    apiDomain: 'https://www.zohoapis.com.au',
  },
  { id: 'jp', label: 'Japan (zoho.jp)', accountsUrl: 'https://accounts.zoho.jp', apiDomain: 'https://www.zohoapis.jp' },
  {
    id: 'cn',
    label: 'China (zoho.com.cn)',
    accountsUrl: 'https://accounts.zoho.com.cn',
    apiDomain: 'https://www.zohoapis.com.cn',
  },
  {
    id: 'ca',
    label: 'Canada (zohocloud.ca)',
    accountsUrl: 'https://accounts.zohocloud.ca',
    apiDomain: 'https://www.zohoapis.ca',
  },
  {
    id: 'sa',
    label: 'Saudi Arabia (zoho.sa)',
    accountsUrl: 'https://accounts.zoho.sa',
    apiDomain: 'https://www.zohoapis.sa',
  },
  { id: 'sandbox', label: 'Sandbox / custom server', accountsUrl: '', apiDomain: '' },
];

export const REGION_IDS = REGIONS.map((r) => r.id) as [RegionId, ...RegionId[]];

export function isRegionId(id: string): id is RegionId {
  return REGIONS.some((r) => r.id === id);
}

export function regionById(id: RegionId): Region {
  return REGIONS.find((r) => r.id === id)!;
}

/** The region whose accounts server or API host this URL is on, or 'sandbox' for anything else. */
export function regionForUrl(url: string): RegionId {
  const host = safeUrl(url)?.host;
  const hit = REGIONS.find(
    (r) => r.id !== 'sandbox' && (safeUrl(r.accountsUrl)?.host === host || safeUrl(r.apiDomain)?.host === host),
  );
  return hit?.id ?? 'sandbox';
}

export class InvalidRegionUrlError extends Error {
  override name = 'InvalidRegionUrlError';
  readonly code = 'INVALID_URL';
}

export interface Endpoints {
  region: RegionId;
  accountsUrl: string;
  apiDomain: string;
}

/**
 * Accounts server and API host for a region. A Zoho region ignores custom URLs (so a typo cannot
 * send a client secret elsewhere); the sandbox needs one, http allowed only on loopback.
 */
export function resolveEndpoints(
  region: RegionId,
  custom: { accountsUrl?: string; apiDomain?: string } = {},
): Endpoints {
  if (region !== 'sandbox') {
    const r = regionById(region);
    return { region, accountsUrl: r.accountsUrl, apiDomain: r.apiDomain };
  }
  const accountsUrl = normalizeBaseUrl(custom.accountsUrl ?? custom.apiDomain ?? '', 'accounts URL');
  const apiDomain = normalizeBaseUrl(custom.apiDomain ?? accountsUrl, 'API URL');
  return { region, accountsUrl, apiDomain };
}

/** Origin only (scheme://host:port); https required except on the loopback interface. */
export function normalizeBaseUrl(url: string, what = 'URL'): string {
  const u = safeUrl(url.trim());
  if (!u)
    throw new InvalidRegionUrlError(`The ${what} "${url}" is not a valid URL (expected e.g. http://127.0.0.1:4010).`);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new InvalidRegionUrlError(
      `The ${what} must use https (plain http is only allowed for a server on this computer).`,
    );
  }
  return u.origin;
}

/**
 * Zoho's redirect names the accounts server that issued the code (`accounts-server`). Only trust
 * it when it is one of Zoho's own or the one we started with: the code is exchanged there together
 * with the client secret.
 */
export function trustedAccountsServer(candidate: string | null, started: string): string {
  if (!candidate) return started;
  const origin = safeUrl(candidate)?.origin;
  if (!origin) return started;
  if (origin === safeUrl(started)?.origin) return origin;
  return REGIONS.some((r) => r.accountsUrl === origin) ? origin : started;
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
