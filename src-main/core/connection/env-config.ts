/**
 * The one place that reads the ZOHO_* environment: the variables the original tool used,
 * ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN, ZOHO_ACCOUNTS_URL, ZOHO_BASE_URL.
 * ZOHO_BASE_URL may carry a path (…/crm/v2); only its origin is used as the API domain.
 * Two routes use it: `pulse connect --from-env` (saved like any connection) and, for the CLI when
 * no connection is saved, an in-memory client (ConnectionService's `environment` option).
 */
import { DEFAULT_REGION, regionForUrl, type RegionId } from '../zoho/regions';

export interface EnvConnection {
  region: RegionId;
  accountsUrl?: string;
  apiDomain?: string;
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
}

export class MissingEnvError extends Error {
  override name = 'MissingEnvError';
  readonly code = 'MISSING_ENV';
}

/** True when the environment names a Zoho account (ZOHO_CLIENT_ID and ZOHO_REFRESH_TOKEN set). */
export function hasEnvConnection(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.ZOHO_CLIENT_ID?.trim() && env.ZOHO_REFRESH_TOKEN?.trim());
}

/** PULSE_ZOHO_CONCURRENCY: calls in flight for the headless route (1–25), else the client's default. */
export function concurrencyFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.PULSE_ZOHO_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 25 ? n : undefined;
}

export function readEnvConnection(env: NodeJS.ProcessEnv, region?: RegionId): EnvConnection {
  const v = (k: string) => env[k]?.trim() || undefined;
  const missing = ['ZOHO_CLIENT_ID', 'ZOHO_REFRESH_TOKEN'].filter((k) => !v(k));
  if (missing.length)
    throw new MissingEnvError(
      `Set ${missing.join(' and ')} (and ZOHO_CLIENT_SECRET for a Self Client) to connect from the environment.`,
    );
  const accountsUrl = v('ZOHO_ACCOUNTS_URL');
  const baseUrl = v('ZOHO_BASE_URL');
  let apiDomain: string | undefined;
  if (baseUrl) {
    try {
      apiDomain = new URL(baseUrl).origin;
    } catch {
      throw new MissingEnvError(`ZOHO_BASE_URL "${baseUrl}" is not a URL.`);
    }
  }
  const hint = accountsUrl ?? apiDomain;
  return {
    region: region ?? (hint ? regionForUrl(hint) : DEFAULT_REGION),
    accountsUrl,
    apiDomain,
    clientId: v('ZOHO_CLIENT_ID')!,
    clientSecret: v('ZOHO_CLIENT_SECRET'),
    refreshToken: v('ZOHO_REFRESH_TOKEN')!,
  };
}
