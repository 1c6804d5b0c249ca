import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { refreshAccess } from '../helpers/sandbox';

let sb: Sandbox;
let clock = Date.parse('2026-05-02T03:00:00Z');
beforeAll(async () => {
  sb = await startSandbox({ deals: 20, now: () => new Date(clock) });
});
afterAll(() => sb.close());

const REDIRECT = 'http://127.0.0.1:53682/oauth/callback';

async function authorize(params: Record<string, string>) {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: sb.demoClient.clientId,
    scope: 'ZohoCRM.modules.ALL',
    redirect_uri: REDIRECT,
    access_type: 'offline',
    state: 's1',
    ...params,
  });
  return fetch(`${sb.baseUrl}/oauth/v2/auth?${q}`, { redirect: 'manual' });
}

async function token(params: Record<string, string>) {
  const r = await fetch(`${sb.baseUrl}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams(params) });
  return { status: r.status, body: await r.json() };
}

describe('OAuth', () => {
  it('PKCE S256: consent redirects with code, state, location, accounts-server; exchange works once', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const r = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect(r.status).toBe(302);
    const loc = new URL(r.headers.get('location')!);
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get('state')).toBe('s1');
    expect(loc.searchParams.get('accounts-server')).toBe(sb.baseUrl);
    expect(loc.searchParams.get('location')).toBeTruthy();
    const code = loc.searchParams.get('code')!;
    const ok = await token({
      grant_type: 'authorization_code',
      client_id: sb.demoClient.clientId,
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      api_domain: sb.baseUrl,
      scope: 'ZohoCRM.modules.ALL',
    });
    expect(ok.body.access_token).toBeTruthy();
    expect(ok.body.refresh_token).toBeTruthy();
    // Single use: the same code again is refused, with HTTP 200.
    const again = await token({
      grant_type: 'authorization_code',
      client_id: sb.demoClient.clientId,
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(again).toEqual({ status: 200, body: { error: 'invalid_code' } });
  });

  it('PKCE plain, wrong verifier, wrong redirect, expired code', async () => {
    const loc = async (p: Record<string, string>) =>
      new URL((await authorize(p)).headers.get('location')!).searchParams.get('code')!;
    const plain = await loc({
      code_challenge: 'plain-verifier-value-0123456789-0123456789-abc',
      code_challenge_method: 'plain',
    });
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          client_id: sb.demoClient.clientId,
          code: plain,
          redirect_uri: REDIRECT,
          code_verifier: 'plain-verifier-value-0123456789-0123456789-abc',
        })
      ).body.access_token,
    ).toBeTruthy();
    const wrong = await loc({ code_challenge: 'abc', code_challenge_method: 'S256' });
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          client_id: sb.demoClient.clientId,
          code: wrong,
          redirect_uri: REDIRECT,
          code_verifier: 'nope',
        })
      ).body,
    ).toEqual({ error: 'invalid_code' });
    const redirect = await loc({ code_challenge: 'x', code_challenge_method: 'plain' });
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          client_id: sb.demoClient.clientId,
          code: redirect,
          redirect_uri: 'http://127.0.0.1:1/other',
          code_verifier: 'x',
        })
      ).body,
    ).toEqual({ error: 'invalid_redirect_uri' });
    const old = await loc({ code_challenge: 'x', code_challenge_method: 'plain' });
    clock += 3 * 60_000 + 1000;
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          client_id: sb.demoClient.clientId,
          code: old,
          redirect_uri: REDIRECT,
          code_verifier: 'x',
        })
      ).body,
    ).toEqual({ error: 'invalid_code' });
  });

  it('invalid client or redirect URI at /auth gives an error page, not a redirect', async () => {
    const a = await authorize({ client_id: '1000.UNKNOWN' });
    expect(a.status).toBe(400);
    expect(a.headers.get('location')).toBeNull();
    const b = await authorize({ redirect_uri: 'https://evil.example/cb' });
    expect(b.status).toBe(400);
    expect(await b.text()).toContain('Redirect');
    // Any loopback port and path is accepted for the desktop client.
    expect((await authorize({ redirect_uri: 'http://localhost:40999/x/y' })).status).toBe(302);
  });

  it('token errors are HTTP 200 with an error body', async () => {
    expect(await token({ grant_type: 'refresh_token', client_id: '1000.NOPE', refresh_token: 'x' })).toEqual({
      status: 200,
      body: { error: 'invalid_client' },
    });
    expect(
      await token({
        grant_type: 'refresh_token',
        client_id: sb.demoClient.clientId,
        client_secret: 'wrong',
        refresh_token: 'x',
      }),
    ).toEqual({ status: 200, body: { error: 'invalid_client_secret' } });
    expect(
      await token({ grant_type: 'refresh_token', client_id: sb.demoClient.clientId, refresh_token: 'unknown' }),
    ).toEqual({ status: 200, body: { error: 'invalid_code' } });
    expect((await token({ grant_type: 'password', client_id: sb.demoClient.clientId })).status).toBe(200);
  });

  it('at most 10 access tokens per refresh token per 10 minutes', async () => {
    const rt = sb.issueRefreshToken();
    for (let i = 0; i < 10; i++) {
      const r = await refreshAccess(sb.baseUrl, rt, sb.demoClient.clientId, sb.demoClient.clientSecret);
      expect(r.body.access_token, `refresh ${i + 1}`).toBeTruthy();
    }
    const denied = await refreshAccess(sb.baseUrl, rt, sb.demoClient.clientId, sb.demoClient.clientSecret);
    expect(denied).toEqual({
      status: 400,
      body: {
        error: 'Access Denied',
        error_description: 'You have made too many requests continuously. Please try again after some time.',
        status: 'failure',
      },
    });
    // In another language both texts change; only the status stays recognisable.
    const french = await fetch(`${sb.baseUrl}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'Accept-Language': 'fr-FR,fr;q=0.9' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: sb.demoClient.clientId,
        client_secret: sb.demoClient.clientSecret,
        refresh_token: rt,
      }),
    });
    expect(french.status).toBe(400);
    const body = await french.json();
    expect(body).toMatchObject({ status: 'failure', error: 'Accès refusé' });
    expect(body.error_description).not.toMatch(/too many requests/i);
    clock += 10 * 60_000 + 1000;
    expect(
      (await refreshAccess(sb.baseUrl, rt, sb.demoClient.clientId, sb.demoClient.clientSecret)).body.access_token,
    ).toBeTruthy();
  });

  it("token endpoint parameters may come as multipart/form-data (what Zoho's TypeScript SDK sends) or in the query string", async () => {
    const rt = sb.issueRefreshToken();
    const form = new FormData();
    form.set('grant_type', 'refresh_token');
    form.set('client_id', sb.demoClient.clientId);
    form.set('client_secret', sb.demoClient.clientSecret);
    form.set('refresh_token', rt);
    const multipart = await fetch(`${sb.baseUrl}/oauth/v2/token`, { method: 'POST', body: form });
    expect(multipart.status).toBe(200);
    expect(await multipart.json()).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer' });
    const q = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: sb.demoClient.clientId,
      client_secret: sb.demoClient.clientSecret,
      refresh_token: rt,
    });
    const query = await fetch(`${sb.baseUrl}/oauth/v2/token?${q}`, { method: 'POST' });
    expect(await query.json()).toMatchObject({ access_token: expect.any(String) });
    const wrong = new FormData();
    wrong.set('grant_type', 'refresh_token');
    wrong.set('client_id', sb.demoClient.clientId);
    wrong.set('client_secret', 'not-the-secret');
    wrong.set('refresh_token', rt);
    const refused = await fetch(`${sb.baseUrl}/oauth/v2/token`, { method: 'POST', body: wrong });
    expect(await refused.json()).toEqual({ error: 'invalid_client_secret' });
  });

  it('expired, unknown and revoked tokens', async () => {
    const rt = sb.issueRefreshToken();
    const { body } = await refreshAccess(sb.baseUrl, rt, sb.demoClient.clientId, sb.demoClient.clientSecret);
    const get = (t: string) =>
      fetch(`${sb.baseUrl}/crm/v8/org`, { headers: { Authorization: `Zoho-oauthtoken ${t}` } });
    expect((await get(body.access_token)).status).toBe(200);
    const missing = await fetch(`${sb.baseUrl}/crm/v8/org`);
    expect(missing.status).toBe(401);
    expect((await missing.json()).code).toBe('AUTHENTICATION_FAILURE');
    const unknown = await get('1000.bad.token');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({
      code: 'INVALID_TOKEN',
      details: {},
      message: 'invalid oauth token',
      status: 'error',
    });
    clock += 3601_000;
    expect((await get(body.access_token)).status).toBe(401);
    const fresh = await refreshAccess(sb.baseUrl, rt, sb.demoClient.clientId, sb.demoClient.clientSecret);
    sb.expireAccessTokens();
    expect((await get(fresh.body.access_token)).status).toBe(401);
    const rev = await fetch(`${sb.baseUrl}/oauth/v2/token/revoke?token=${rt}`, { method: 'POST' });
    expect(rev.status).toBe(200);
    expect((await refreshAccess(sb.baseUrl, rt, sb.demoClient.clientId, sb.demoClient.clientSecret)).body).toEqual({
      error: 'invalid_code',
    });
    expect(sb.stats().tokenRefreshes).toBeGreaterThan(0);
  });

  it('self-client grant code and control credentials', async () => {
    const secret = { 'X-Sandbox-Secret': sb.controlSecret };
    const c = await (
      await fetch(`${sb.baseUrl}/__sandbox/self-client/code`, { method: 'POST', headers: secret })
    ).json();
    const t = await token({
      grant_type: 'authorization_code',
      client_id: c.client_id,
      client_secret: c.client_secret,
      code: c.code,
    });
    expect(t.body.refresh_token).toBeTruthy();
    const creds = await (
      await fetch(`${sb.baseUrl}/__sandbox/credentials`, { method: 'POST', headers: secret })
    ).json();
    expect(creds).toMatchObject({
      client_id: '1000.PULSESANDBOXDEMO',
      accounts_url: sb.baseUrl,
      api_domain: sb.baseUrl,
    });
    expect(
      (await refreshAccess(sb.baseUrl, creds.refresh_token, creds.client_id, creds.client_secret)).body.access_token,
    ).toBeTruthy();
  });
});
