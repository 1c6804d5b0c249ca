/**
 * Calls to Zoho Accounts' token endpoint: exchange a grant code (with PKCE), refresh an access
 * token, revoke a token. Zoho answers errors with HTTP 200 and `{"error": "..."}`, so every
 * answer's body is inspected, not just its status (docs/zoho-api.md#oauth). Its refresh throttle
 * ("too many requests") may come as HTTP 400 `{status: "failure"}` with `error` and
 * `error_description` in the account's language, so it is recognised by `status` first, not by its
 * English text. Nothing here logs or stores a token.
 */
import {
  InvalidClientError,
  InvalidGrantCodeError,
  MalformedResponseError,
  OAuthError,
  ReconnectNeededError,
  TokenRateLimitError,
  ZohoNetworkError,
} from './errors';

/** The scopes Pipeline Pulse asks for: read/write Deals, metadata, org, current user, COQL, notifications, bulk read. */
export const PULSE_SCOPES = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.settings.ALL',
  'ZohoCRM.users.READ',
  'ZohoCRM.org.READ',
  'ZohoCRM.coql.READ',
  'ZohoCRM.notifications.ALL',
  'ZohoCRM.bulk.READ',
].join(',');

export interface OAuthClient {
  accountsUrl: string;
  clientId: string;
  /** Absent for a public (PKCE) client. */
  clientSecret?: string | null;
  timeoutMs?: number;
}

export interface TokenSet {
  accessToken: string;
  /** Only on a code exchange with access_type=offline. */
  refreshToken?: string;
  expiresInSec: number;
  /** Where the CRM API lives for this account (Zoho says: use it). */
  apiDomain: string | null;
  scope: string | null;
}

export function buildAuthorizeUrl(p: {
  accountsUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scope?: string;
}): string {
  const url = new URL('/oauth/v2/auth', p.accountsUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    scope: p.scope ?? PULSE_SCOPES,
    redirect_uri: p.redirectUri,
    // offline → a refresh token; consent → Zoho issues one even if the user consented before.
    access_type: 'offline',
    prompt: 'consent',
    state: p.state,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

export function exchangeGrantCode(
  client: OAuthClient,
  p: { code: string; redirectUri?: string; codeVerifier?: string },
): Promise<TokenSet> {
  return tokenCall(client, 'code', {
    grant_type: 'authorization_code',
    code: p.code,
    ...(p.redirectUri ? { redirect_uri: p.redirectUri } : {}),
    ...(p.codeVerifier ? { code_verifier: p.codeVerifier } : {}),
  });
}

export function refreshAccessToken(client: OAuthClient, refreshToken: string): Promise<TokenSet> {
  return tokenCall(client, 'refresh', { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** Revokes a refresh token (and with it its access tokens). Zoho answers success for unknown tokens too. */
export async function revokeToken(client: OAuthClient, token: string): Promise<void> {
  await post(client, '/oauth/v2/token/revoke', { token });
}

async function tokenCall(
  client: OAuthClient,
  grant: 'code' | 'refresh',
  params: Record<string, string>,
): Promise<TokenSet> {
  const body = await post(client, '/oauth/v2/token', {
    ...params,
    client_id: client.clientId,
    ...(client.clientSecret ? { client_secret: client.clientSecret } : {}),
  });
  if (typeof body.error === 'string' || body.status === 'failure')
    throw tokenError(typeof body.error === 'string' ? body.error : '', grant, body.error_description, body.status);
  if (typeof body.access_token !== 'string') throw new OAuthError('no_access_token');
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresInSec: typeof body.expires_in === 'number' ? body.expires_in : 3600,
    apiDomain: typeof body.api_domain === 'string' ? body.api_domain : null,
    scope: typeof body.scope === 'string' ? body.scope : null,
  };
}

/** Zoho's refresh throttle, however it is worded (see the file comment). */
function isThrottle(code: string, description: unknown, status: unknown): boolean {
  return (
    status === 'failure' ||
    code === 'Access Denied' ||
    (typeof description === 'string' && /too many requests/i.test(description))
  );
}

function tokenError(code: string, grant: 'code' | 'refresh', description: unknown, status?: unknown): Error {
  switch (code) {
    case 'invalid_client':
      return new InvalidClientError('id');
    case 'invalid_client_secret':
      return new InvalidClientError('secret');
    case 'invalid_redirect_uri':
      return new InvalidClientError('redirect');
    case 'invalid_code':
      // For a refresh grant Zoho says invalid_code when the refresh token is revoked or unknown.
      return grant === 'refresh' ? new ReconnectNeededError() : new InvalidGrantCodeError();
    default:
      // "You have made too many requests continuously": the 10 tokens / 10 minutes limit.
      if (isThrottle(code, description, status)) return new TokenRateLimitError(10 * 60_000);
      return new OAuthError(typeof description === 'string' ? `${code}: ${description}` : code);
  }
}

async function post(client: OAuthClient, path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  const url = new URL(path, client.accountsUrl);
  const host = url.host;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(client.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const e = error as Error;
    throw new ZohoNetworkError(e.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK_ERROR', host, networkCause(e));
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500) throw new ZohoNetworkError('NETWORK_ERROR', host, `HTTP ${res.status}`);
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new MalformedResponseError(path);
}

/** The low-level reason (ECONNREFUSED, ENOTFOUND…) without anything from the request. */
export function networkCause(e: Error): string | undefined {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
