import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/index';
import { createZohoClient, type ZohoClientOptions } from '../../src-main/core/zoho/client';
import { TokenManager } from '../../src-main/core/zoho/token-manager';

/** A sandbox plus a client on a fresh refresh token of its demo client. */
export async function sandboxWithClient(sandboxOpts: SandboxOptions = {}, clientOpts: Partial<ZohoClientOptions> = {}) {
  const sandbox = await startSandbox({ deals: 20, ...sandboxOpts });
  const refreshToken = sandbox.issueRefreshToken();
  const tokens = new TokenManager({
    oauth: {
      accountsUrl: sandbox.baseUrl,
      clientId: sandbox.demoClient.clientId,
      clientSecret: sandbox.demoClient.clientSecret,
    },
    refreshToken: async () => refreshToken,
  });
  const attempts: number[] = [];
  const client = createZohoClient({
    apiDomain: sandbox.baseUrl,
    tokens,
    maxConcurrency: 10,
    backoffBaseMs: 20,
    backoffMaxMs: 400,
    timeoutMs: 2_000,
    onAttempt: ({ at }) => attempts.push(at),
    ...clientOpts,
  });
  return { sandbox, tokens, client, refreshToken, attempts };
}

/** Most attempts seen in any window of `windowMs` (sliding). */
export function maxInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i] - t[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export type { Sandbox };
