import { readEnvConnection } from '../core/connection/env-config';
import { createZohoClient, type ZohoClient } from '../core/zoho/client';
import { resolveEndpoints } from '../core/zoho/regions';
import { TokenManager } from '../core/zoho/token-manager';

/**
 * The headless route for scripts and cron: when ZOHO_CLIENT_ID / ZOHO_REFRESH_TOKEN (and
 * ZOHO_CLIENT_SECRET, ZOHO_ACCOUNTS_URL, ZOHO_BASE_URL) are set and the data folder has no saved
 * connection, `pulse sync` talks to Zoho with an in-memory client built from them. Nothing is
 * written to the keychain; `pulse connect` is the way to save a connection.
 * Returns null when the variables are not set.
 */
export function clientFromEnv(env: NodeJS.ProcessEnv, callsPerMinute: number): ZohoClient | null {
  if (!env.ZOHO_REFRESH_TOKEN?.trim() || !env.ZOHO_CLIENT_ID?.trim()) return null;
  const c = readEnvConnection(env);
  const endpoints = resolveEndpoints(c.region, { accountsUrl: c.accountsUrl, apiDomain: c.apiDomain });
  const tokens = new TokenManager({
    oauth: { accountsUrl: endpoints.accountsUrl, clientId: c.clientId, clientSecret: c.clientSecret },
    refreshToken: async () => c.refreshToken,
  });
  const concurrency = Number(env.PULSE_ZOHO_CONCURRENCY);
  return createZohoClient({
    apiDomain: endpoints.apiDomain,
    tokens,
    callsPerMinute,
    maxConcurrency: Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 25 ? concurrency : undefined,
  });
}
