/**
 * The headless flow's configuration, from the environment variables the original tool used:
 * ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN, ZOHO_ACCOUNTS_URL, ZOHO_BASE_URL.
 * ZOHO_BASE_URL may carry a path (…/crm/v2); only its origin is used as the API domain.
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
