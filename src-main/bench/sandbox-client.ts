import { concurrencyForEdition } from '../core/connection/identity';
import { createZohoClient, type ZohoClient } from '../core/zoho/client';
import { TokenManager } from '../core/zoho/token-manager';
import type { Sandbox } from '../sandbox/index';
import type { SandboxProcess } from './sandbox-process';

/** The production client against a sandbox, with the concurrency the app uses for that edition. */
export function benchClient(sb: Sandbox | SandboxProcess, edition = 'enterprise'): ZohoClient {
  const c =
    'demoClient' in sb
      ? { id: sb.demoClient.clientId, secret: sb.demoClient.clientSecret, refresh: sb.issueRefreshToken() }
      : { id: sb.credentials.client_id, secret: sb.credentials.client_secret, refresh: sb.credentials.refresh_token };
  const tokens = new TokenManager({
    oauth: { accountsUrl: sb.baseUrl, clientId: c.id, clientSecret: c.secret },
    refreshToken: async () => c.refresh,
  });
  return createZohoClient({
    apiDomain: sb.baseUrl,
    tokens,
    callsPerMinute: 100,
    maxConcurrency: concurrencyForEdition(edition),
  });
}
