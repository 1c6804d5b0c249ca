/**
 * Zoho Accounts, as far as Pipeline Pulse needs it: the authorization-code grant (with PKCE S256
 * or plain), refresh tokens, revocation and a self-client grant code for scripts. Zoho quirks kept
 * on purpose: token errors are HTTP 200 with `{"error": ...}`; grant codes are single-use and
 * live 3 minutes; `access_type` defaults to `online` (no refresh token unless `offline`);
 * a refresh token yields at most 10 access tokens per 10 minutes and keeps 15 alive; past that,
 * HTTP 400 `{error, error_description, status: "failure"}` whose texts follow the caller's
 * language. Parameters may come in the query string, urlencoded or as multipart (server.ts reads
 * them with `formParams`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { htmlPage, json, zohoError, type Reply, type Req } from './http';

export const DEMO_CLIENT_ID = '1000.PULSESANDBOXDEMO';
export const DEMO_CLIENT_SECRET = 'pulse-sandbox-demo-secret-0000000000000000';
/** A second, "Self Client" style client whose grant codes come from the control API. */
export const SELF_CLIENT_ID = '1000.PULSESANDBOXSELF';
export const SELF_CLIENT_SECRET = 'pulse-sandbox-self-secret-00000000000000000';
export const DEFAULT_SCOPE =
  'ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.coql.READ,ZohoCRM.notifications.ALL,ZohoCRM.bulk.READ';

const GRANT_CODE_TTL_MS = 3 * 60_000;
const REFRESH_WINDOW_MS = 10 * 60_000;
const REFRESH_MAX_PER_WINDOW = 10;
const MAX_LIVE_ACCESS_TOKENS = 15;
/**
 * The token throttle's answer: HTTP 400 with `status: "failure"`, and `error` / `error_description`
 * in the user's language (here: the request's Accept-Language, else the account's) — so a client
 * must not look for the English text. The French wording is
 * the sandbox's own (standing in for any localisation), not a copy of Zoho's.
 */
function tooMany(acceptLanguage: string): Reply {
  const french = /^\s*fr\b/i.test(acceptLanguage);
  return json(400, {
    error_description: french
      ? 'Vous avez envoyé trop de demandes à la suite. Réessayez dans quelques minutes.'
      : 'You have made too many requests continuously. Please try again after some time.',
    error: french ? 'Accès refusé' : 'Access Denied',
    status: 'failure',
  });
}

interface Client {
  id: string;
  secret: string;
  allowsRedirect(uri: string): boolean;
}

interface GrantCode {
  clientId: string;
  redirectUri: string | null;
  scope: string;
  challenge: string | null;
  method: 'S256' | 'plain' | null;
  offline: boolean;
  expiresAt: number;
}

interface RefreshToken {
  clientId: string;
  scope: string;
  issued: number[];
  live: string[];
}

interface AccessToken {
  refresh: string | null;
  scope: string;
  expiresAt: number;
}

/** Desktop-app style redirect URIs: any port and path on the loopback interface. */
export function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) && !u.hash;
  } catch {
    return false;
  }
}

export interface OAuthContext {
  now: () => number;
  baseUrl: () => string;
  accessTokenTtlSec: number;
  /** The account's language: Zoho words the throttle answer in it (default en). */
  accountLanguage?: string;
  onAccessTokenIssued: (viaRefresh: boolean) => void;
}

export type AuthResult = { ok: true; scope: string } | { ok: false; reply: Reply };

export class OAuthServer {
  private readonly clients = new Map<string, Client>();
  private readonly codes = new Map<string, GrantCode>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly accessTokens = new Map<string, AccessToken>();

  constructor(private readonly ctx: OAuthContext) {
    this.clients.set(DEMO_CLIENT_ID, {
      id: DEMO_CLIENT_ID,
      secret: DEMO_CLIENT_SECRET,
      allowsRedirect: isLoopbackRedirect,
    });
    this.clients.set(SELF_CLIENT_ID, { id: SELF_CLIENT_ID, secret: SELF_CLIENT_SECRET, allowsRedirect: () => false });
  }

  /** A refresh token for the demo client, as if the user had consented (scripted use, tests). */
  issueRefreshToken(scope = DEFAULT_SCOPE, clientId = DEMO_CLIENT_ID): string {
    const token = `1000.${hex(16)}.${hex(16)}`;
    this.refreshTokens.set(token, { clientId, scope, issued: [], live: [] });
    return token;
  }

  /** A Self Client grant code (no redirect URI), exchangeable with SELF_CLIENT_ID/SECRET. */
  issueSelfClientCode(scope = DEFAULT_SCOPE): string {
    const code = `1000.${hex(16)}.${hex(16)}`;
    this.codes.set(code, {
      clientId: SELF_CLIENT_ID,
      redirectUri: null,
      scope,
      challenge: null,
      method: null,
      offline: true,
      expiresAt: this.ctx.now() + GRANT_CODE_TTL_MS,
    });
    return code;
  }

  expireAccessTokens(): void {
    for (const t of this.accessTokens.values()) t.expiresAt = 0;
  }

  /** Checks `Authorization: Zoho-oauthtoken <token>` of a `/crm/` call. */
  authenticate(header: string | undefined): AuthResult {
    const m = /^Zoho-oauthtoken\s+(\S+)$/i.exec(header?.trim() ?? '');
    if (!m) return { ok: false, reply: zohoError(401, 'AUTHENTICATION_FAILURE', 'Authentication failed') };
    const t = this.accessTokens.get(m[1]);
    if (!t || t.expiresAt <= this.ctx.now()) {
      return { ok: false, reply: zohoError(401, 'INVALID_TOKEN', 'invalid oauth token') };
    }
    if (!/ZohoCRM\./i.test(t.scope)) {
      return { ok: false, reply: zohoError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL') };
    }
    return { ok: true, scope: t.scope };
  }

  /** GET /oauth/v2/auth: simulates a signed-in user who consents at once. */
  handleAuthorize(req: Req): Reply {
    const q = req.query;
    const client = this.clients.get(q.get('client_id') ?? '');
    if (!client) return htmlPage(400, 'Invalid Client', 'The client_id is not registered with this sandbox.');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!client.allowsRedirect(redirectUri)) {
      return htmlPage(400, 'Invalid Redirect Uri', 'Redirect URI passed does not match with the one configured.');
    }
    const target = new URL(redirectUri);
    const state = q.get('state');
    if (q.get('response_type') !== 'code') {
      if (state !== null) target.searchParams.set('state', state);
      target.searchParams.set('error', 'unsupported_response_type');
      return { status: 302, headers: { Location: target.toString() } };
    }
    const challenge = q.get('code_challenge');
    const method = (q.get('code_challenge_method') ?? (challenge ? 'plain' : null)) as GrantCode['method'];
    if (method !== null && method !== 'S256' && method !== 'plain') {
      return htmlPage(400, 'Invalid Request', 'code_challenge_method must be S256 or plain.');
    }
    const code = `1000.${hex(16)}.${hex(16)}`;
    this.codes.set(code, {
      clientId: client.id,
      redirectUri,
      scope: q.get('scope') ?? DEFAULT_SCOPE,
      challenge,
      method: challenge ? method : null,
      offline: q.get('access_type') === 'offline',
      expiresAt: this.ctx.now() + GRANT_CODE_TTL_MS,
    });
    if (state !== null) target.searchParams.set('state', state);
    target.searchParams.set('code', code);
    target.searchParams.set('location', 'in');
    target.searchParams.set('accounts-server', this.ctx.baseUrl());
    return { status: 302, headers: { Location: target.toString() } };
  }

  /**
   * POST /oauth/v2/token. Every outcome is HTTP 200, errors included (Zoho does this), except the
   * throttle (400, see tooMany).
   */
  handleToken(p: URLSearchParams, acceptLanguage = ''): Reply {
    const grant = p.get('grant_type');
    const client = this.clients.get(p.get('client_id') ?? '');
    if (grant !== 'authorization_code' && grant !== 'refresh_token')
      return json(200, { error: 'unsupported_grant_type' });
    if (!client) return json(200, { error: 'invalid_client' });
    const secret = p.get('client_secret');
    if (secret !== null && secret !== client.secret) return json(200, { error: 'invalid_client_secret' });
    return grant === 'authorization_code'
      ? this.exchangeCode(client, p, secret !== null)
      : this.refresh(client, p, secret !== null, acceptLanguage);
  }

  private exchangeCode(client: Client, p: URLSearchParams, hasSecret: boolean): Reply {
    const codeText = p.get('code') ?? '';
    const code = this.codes.get(codeText);
    if (!code || code.clientId !== client.id) return json(200, { error: 'invalid_code' });
    // Single use: a code is burnt by the first attempt, successful or not.
    this.codes.delete(codeText);
    if (code.expiresAt <= this.ctx.now()) return json(200, { error: 'invalid_code' });
    if (code.redirectUri !== null && p.get('redirect_uri') !== code.redirectUri)
      return json(200, { error: 'invalid_redirect_uri' });
    if (code.challenge) {
      const verifier = p.get('code_verifier') ?? '';
      const computed =
        code.method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
      if (!verifier || computed !== code.challenge) return json(200, { error: 'invalid_code' });
    } else if (!hasSecret) {
      // Without PKCE the client must prove itself with its secret.
      return json(200, { error: 'invalid_client_secret' });
    }
    const body: Record<string, unknown> = {};
    let refresh: string | null = null;
    if (code.offline) {
      refresh = this.issueRefreshToken(code.scope, client.id);
    }
    const access = this.newAccessToken(refresh, code.scope, false);
    body.access_token = access;
    if (refresh) body.refresh_token = refresh;
    Object.assign(body, this.tokenTail(code.scope));
    return json(200, body);
  }

  private refresh(client: Client, p: URLSearchParams, hasSecret: boolean, acceptLanguage: string): Reply {
    const tokenText = p.get('refresh_token') ?? '';
    const rt = this.refreshTokens.get(tokenText);
    if (!rt || rt.clientId !== client.id) return json(200, { error: 'invalid_code' });
    if (!hasSecret && client.id !== DEMO_CLIENT_ID) return json(200, { error: 'invalid_client_secret' });
    const now = this.ctx.now();
    rt.issued = rt.issued.filter((t) => t > now - REFRESH_WINDOW_MS);
    // Node's fetch sends `Accept-Language: *`: only a named language overrides the account's.
    const language = /^\s*[a-z]{2}/i.test(acceptLanguage) ? acceptLanguage : (this.ctx.accountLanguage ?? '');
    if (rt.issued.length >= REFRESH_MAX_PER_WINDOW) return tooMany(language);
    rt.issued.push(now);
    const access = this.newAccessToken(tokenText, rt.scope, true);
    return json(200, { access_token: access, ...this.tokenTail(rt.scope) });
  }

  /** POST /oauth/v2/token/revoke?token=: revokes a refresh token and its access tokens. */
  handleRevoke(p: URLSearchParams): Reply {
    const token = p.get('token') ?? '';
    const rt = this.refreshTokens.get(token);
    if (rt) {
      for (const a of rt.live) this.accessTokens.delete(a);
      this.refreshTokens.delete(token);
    } else {
      this.accessTokens.delete(token);
    }
    return json(200, { status: 'success' });
  }

  private tokenTail(scope: string) {
    return { scope, api_domain: this.ctx.baseUrl(), token_type: 'Bearer', expires_in: this.ctx.accessTokenTtlSec };
  }

  private newAccessToken(refresh: string | null, scope: string, viaRefresh: boolean): string {
    const token = `1000.${hex(16)}.${hex(16)}`;
    this.accessTokens.set(token, { refresh, scope, expiresAt: this.ctx.now() + this.ctx.accessTokenTtlSec * 1000 });
    const rt = refresh ? this.refreshTokens.get(refresh) : undefined;
    if (rt) {
      rt.live.push(token);
      while (rt.live.length > MAX_LIVE_ACCESS_TOKENS) this.accessTokens.delete(rt.live.shift()!);
    }
    this.ctx.onAccessTokenIssued(viaRefresh);
    return token;
  }
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
