/**
 * Owns the access token: kept in memory only, refreshed shortly before it expires and when Zoho
 * says INVALID_TOKEN. However many calls need a token at once, exactly one refresh is in flight;
 * the others wait for it. Zoho grants at most 10 access tokens per refresh token per 10 minutes
 * (docs/zoho-api.md#oauth), so refreshes are counted and refused locally before Zoho would refuse
 * them. A revoked refresh token puts the manager in a terminal "reconnect needed" state: every
 * later call fails at once without contacting Zoho, so a background sync cannot hammer the token
 * endpoint.
 */
import { ReconnectNeededError, TokenRateLimitError } from './errors';
import { refreshAccessToken, type OAuthClient, type TokenSet } from './oauth';

export interface TokenManagerOptions {
  oauth: OAuthClient;
  /** Read lazily (from the keychain) when a refresh is needed, never cached here. */
  refreshToken: () => Promise<string | null>;
  /** Likewise for the client secret, when the client has one (else `oauth.clientSecret` is used). */
  clientSecret?: () => Promise<string | null>;
  /** An access token obtained by the connect flow, so connecting costs no extra refresh. */
  initial?: { accessToken: string; expiresInSec: number };
  now?: () => number;
  /** Refresh this long before expiry (default 5 min), so no call races the expiry. */
  refreshSkewMs?: number;
  maxRefreshesPerWindow?: number;
  refreshWindowMs?: number;
  onReconnectNeeded?: (error: ReconnectNeededError) => void;
  /** Zoho may move an account's API domain; the token response says where it is. */
  onTokens?: (tokens: TokenSet) => void;
}

export class TokenManager {
  refreshes = 0;
  private current: { token: string; refreshAt: number } | null = null;
  private inflight: Promise<string> | null = null;
  private dead: ReconnectNeededError | null = null;
  private readonly recent: number[] = [];
  private readonly now: () => number;

  constructor(private readonly opts: TokenManagerOptions) {
    this.now = opts.now ?? Date.now;
    if (opts.initial) this.keep(opts.initial.accessToken, opts.initial.expiresInSec);
  }

  /** Set once the refresh token was refused; the connection must be made again. */
  get reconnectNeeded(): ReconnectNeededError | null {
    return this.dead;
  }

  /** A valid access token, refreshing (once, shared) when there is none or it is about to expire. */
  async accessToken(): Promise<string> {
    if (this.dead) throw this.dead;
    if (this.current && this.current.refreshAt > this.now()) return this.current.token;
    return this.refreshOnce();
  }

  /**
   * Zoho rejected `stale` (INVALID_TOKEN). Refresh unless another caller already replaced it, in
   * which case its replacement is returned: 50 calls failing together cause one refresh, not 50.
   */
  async renew(stale: string): Promise<string> {
    if (this.dead) throw this.dead;
    if (this.current && this.current.token !== stale) return this.current.token;
    this.current = null;
    return this.refreshOnce();
  }

  /** Forget the access token (disconnect); it is never persisted anyway. */
  clear(): void {
    this.current = null;
  }

  private refreshOnce(): Promise<string> {
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async doRefresh(): Promise<string> {
    const now = this.now();
    const windowMs = this.opts.refreshWindowMs ?? 10 * 60_000;
    while (this.recent.length && this.recent[0] <= now - windowMs) this.recent.shift();
    if (this.recent.length >= (this.opts.maxRefreshesPerWindow ?? 10)) {
      throw new TokenRateLimitError(this.recent[0] + windowMs - now);
    }
    const refreshToken = await this.opts.refreshToken();
    if (!refreshToken)
      return this.die(new ReconnectNeededError('The saved Zoho sign-in is missing from the keychain.'));
    this.recent.push(now);
    let tokens: TokenSet;
    try {
      const clientSecret = this.opts.clientSecret ? await this.opts.clientSecret() : this.opts.oauth.clientSecret;
      tokens = await refreshAccessToken({ ...this.opts.oauth, clientSecret }, refreshToken);
    } catch (error) {
      if (error instanceof ReconnectNeededError) return this.die(error);
      throw error;
    }
    this.refreshes++;
    this.keep(tokens.accessToken, tokens.expiresInSec);
    this.opts.onTokens?.(tokens);
    return tokens.accessToken;
  }

  /**
   * Refresh `refreshSkewMs` before expiry, but never before half the lifetime: a short-lived token
   * (tests, or a Zoho change) must not cause a refresh on every call.
   */
  private keep(token: string, expiresInSec: number): void {
    const ttl = expiresInSec * 1000;
    const skew = this.opts.refreshSkewMs ?? 5 * 60_000;
    this.current = { token, refreshAt: this.now() + Math.max(ttl / 2, ttl - skew) };
  }

  private die(error: ReconnectNeededError): never {
    this.dead = error;
    this.current = null;
    this.opts.onReconnectNeeded?.(error);
    throw error;
  }
}
