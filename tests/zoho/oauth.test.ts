import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvConnection } from '../../src-main/core/connection/env-config';
import {
  InvalidClientError,
  InvalidGrantCodeError,
  ReconnectNeededError,
  TokenRateLimitError,
  ZohoNetworkError,
} from '../../src-main/core/zoho/errors';
import { buildAuthorizeUrl, exchangeGrantCode, refreshAccessToken, revokeToken } from '../../src-main/core/zoho/oauth';
import { createPkcePair, s256 } from '../../src-main/core/zoho/pkce';
import { REGIONS, regionForUrl, resolveEndpoints, trustedAccountsServer } from '../../src-main/core/zoho/regions';
import { TokenManager } from '../../src-main/core/zoho/token-manager';
import { startSandbox, SELF_CLIENT_ID, SELF_CLIENT_SECRET, type Sandbox } from '../../src-main/sandbox/index';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ deals: 5 });
});
afterAll(() => sandbox.close());

const demo = () => ({
  accountsUrl: sandbox.baseUrl,
  clientId: sandbox.demoClient.clientId,
  clientSecret: sandbox.demoClient.clientSecret,
});

describe('regions', () => {
  it('covers every Zoho data centre, India first and default, and the sandbox with its own URL', () => {
    expect(REGIONS.map((r) => r.id)).toEqual(['in', 'us', 'eu', 'au', 'jp', 'cn', 'ca', 'sa', 'sandbox']);
    expect(resolveEndpoints('in')).toEqual({
      region: 'in',
      accountsUrl: 'https://accounts.zoho.in',
      apiDomain: 'https://www.zohoapis.in',
    });
    expect(resolveEndpoints('ca').accountsUrl).toBe('https://accounts.zohocloud.ca');
    expect(resolveEndpoints('sandbox', { accountsUrl: 'http://127.0.0.1:4010/x' })).toEqual({
      region: 'sandbox',
      accountsUrl: 'http://127.0.0.1:4010',
      apiDomain: 'http://127.0.0.1:4010',
    });
    expect(() => resolveEndpoints('sandbox', { accountsUrl: 'http://evil.example' })).toThrow(/https/);
    expect(regionForUrl('https://www.zohoapis.eu/crm/v2')).toBe('eu');
  });

  it("trusts a redirect's accounts-server only when it is Zoho's or the one the flow started with", () => {
    expect(trustedAccountsServer('https://accounts.zoho.eu', 'https://accounts.zoho.in')).toBe(
      'https://accounts.zoho.eu',
    );
    expect(trustedAccountsServer('https://attacker.example', 'https://accounts.zoho.in')).toBe(
      'https://accounts.zoho.in',
    );
    expect(trustedAccountsServer(null, 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9');
  });

  it("reads the original tool's environment variables", () => {
    const c = readEnvConnection({
      ZOHO_CLIENT_ID: 'id',
      ZOHO_CLIENT_SECRET: 's',
      ZOHO_REFRESH_TOKEN: 'r',
      ZOHO_BASE_URL: 'https://www.zohoapis.com/crm/v2',
    });
    expect(c).toMatchObject({ region: 'us', apiDomain: 'https://www.zohoapis.com', clientId: 'id', refreshToken: 'r' });
    expect(() => readEnvConnection({})).toThrow(/ZOHO_CLIENT_ID and ZOHO_REFRESH_TOKEN/);
  });
});

describe('the token endpoint (errors arrive as HTTP 200 with {error})', () => {
  it('builds an authorize URL with PKCE S256, offline access and consent', () => {
    const pkce = createPkcePair();
    expect(pkce.challenge).toBe(s256(pkce.verifier));
    const url = new URL(
      buildAuthorizeUrl({
        accountsUrl: 'https://accounts.zoho.in',
        clientId: 'c',
        redirectUri: 'http://127.0.0.1:1/cb',
        state: 'st',
        codeChallenge: pkce.challenge,
      }),
    );
    expect(url.pathname).toBe('/oauth/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      code_challenge_method: 'S256',
      state: 'st',
    });
  });

  it('maps wrong client id, wrong secret, a reused grant code and a revoked refresh token to typed errors', async () => {
    const rt = sandbox.issueRefreshToken();
    await expect(refreshAccessToken({ ...demo(), clientId: '1000.NOPE' }, rt)).rejects.toBeInstanceOf(
      InvalidClientError,
    );
    await expect(refreshAccessToken({ ...demo(), clientSecret: 'wrong' }, rt)).rejects.toMatchObject({
      code: 'INVALID_CLIENT',
      message: /client secret/,
    });
    const code = sandbox.core.oauth.issueSelfClientCode();
    const self = { accountsUrl: sandbox.baseUrl, clientId: SELF_CLIENT_ID, clientSecret: SELF_CLIENT_SECRET };
    const first = await exchangeGrantCode(self, { code });
    expect(first.refreshToken).toMatch(/^1000\./);
    expect(first.apiDomain).toBe(sandbox.baseUrl);
    await expect(exchangeGrantCode(self, { code })).rejects.toBeInstanceOf(InvalidGrantCodeError);
    await revokeToken(demo(), rt);
    await expect(refreshAccessToken(demo(), rt)).rejects.toBeInstanceOf(ReconnectNeededError);
  });

  it('reports no network as ZohoNetworkError', async () => {
    await expect(refreshAccessToken({ ...demo(), accountsUrl: 'http://127.0.0.1:9' }, 'x')).rejects.toMatchObject({
      name: 'ZohoNetworkError',
      code: 'NETWORK_ERROR',
      message: /internet connection/,
    });
    expect(new ZohoNetworkError('TIMEOUT', 'h').retryable).toBe(true);
  });

  it("recognises Zoho's refresh throttle by its status, whatever language it is worded in", async () => {
    for (const accountLanguage of ['en', 'fr']) {
      const sb = await startSandbox({ deals: 1, accountLanguage });
      try {
        const client = { accountsUrl: sb.baseUrl, ...sb.demoClient };
        const rt = sb.issueRefreshToken();
        for (let i = 0; i < 10; i++) await refreshAccessToken(client, rt);
        const error = await refreshAccessToken(client, rt).catch((e: unknown) => e);
        expect(error, accountLanguage).toBeInstanceOf(TokenRateLimitError);
        expect(error).toMatchObject({ code: 'TOKEN_RATE_LIMITED', retryable: true });
      } finally {
        await sb.close();
      }
    }
  });

  it('refuses an 11th refresh within 10 minutes locally, before Zoho would', async () => {
    const rt = sandbox.issueRefreshToken();
    const manager = new TokenManager({ oauth: demo(), refreshToken: async () => rt });
    let token = 'none';
    for (let i = 0; i < 10; i++) token = await manager.renew(token);
    expect(manager.refreshes).toBe(10);
    const before = sandbox.stats().tokenRefreshes;
    await expect(manager.renew(token)).rejects.toBeInstanceOf(TokenRateLimitError);
    expect(sandbox.stats().tokenRefreshes).toBe(before);
  });
});
