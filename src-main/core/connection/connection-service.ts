/**
 * The Zoho connection: connects (browser sign-in, Self Client grant code, refresh token, env vars),
 * disconnects (revoke at Zoho + delete locally), tests, and hands the sync engine a rate-limited
 * `ZohoApi` for the current account.
 *
 * Where things live: non-secret metadata in SQLite (ConnectionRepo); the refresh token and client
 * secret only in the SecretStore (OS keychain); the access token only in the TokenManager's memory.
 * Nothing returned from here contains a token.
 */
import type { ConnectionStatus, RegionIdValue } from '../../../src-shared/contract/connection-schemas';
import type { SyncStatus } from '../../../src-shared/contract/schemas';
import { Hook } from '../events/hook';
import type { SecretStore } from '../secrets/secret-store';
import { createZohoClient, type ZohoClient, type ZohoClientOptions } from '../zoho/client';
import { InvalidRefreshTokenError, NotConnectedError, ReconnectNeededError, ZohoError } from '../zoho/errors';
import { DEFAULT_LOOPBACK_PORT } from '../zoho/loopback-listener';
import { exchangeGrantCode, refreshAccessToken, revokeToken, type OAuthClient, type TokenSet } from '../zoho/oauth';
import {
  normalizeBaseUrl,
  REGIONS,
  DEFAULT_REGION,
  regionForUrl,
  resolveEndpoints,
  trustedAccountsServer,
  type Endpoints,
  type RegionId,
} from '../zoho/regions';
import { TokenManager } from '../zoho/token-manager';
import type { ZohoApi } from '../zoho/zoho-api';
import { beginBrowserSignIn, type PendingSignIn } from './browser-sign-in';
import { ConnectionRepo, type ConnectFlow, type ConnectionRecord } from './connection-repo';
import { concurrencyFromEnv, hasEnvConnection, readEnvConnection } from './env-config';
import { concurrencyForEdition, creditBudgetForEdition, fetchIdentity, type Identity } from './identity';
import { CLIENT_SECRET, REFRESH_TOKEN } from './secret-names';

export type ConnectionState = SyncStatus['connection'];

export interface ConnectTarget {
  region?: RegionId;
  /** Sandbox only: its base URL. */
  accountsUrl?: string;
  apiDomain?: string;
  clientId: string;
  clientSecret?: string;
}

export interface ConnectionServiceOptions {
  repo: ConnectionRepo;
  /** Resolved lazily: a machine without a keychain fails when a secret is needed, with the reason. */
  secrets: () => SecretStore;
  demo: boolean;
  /** The apiCallsPerMinute setting (read when a client is built; `applySettings` passes a change on). */
  callsPerMinute: () => number;
  /** Host hook: open a URL in the system browser (Electron); absent in the browser host. */
  openExternal?: (url: string) => Promise<boolean>;
  /**
   * Headless hosts (the CLI): with no saved connection, `api()` serves a client built from the
   * ZOHO_* variables here (in memory; nothing reaches the keychain). `pulse connect` saves one.
   */
  environment?: NodeJS.ProcessEnv;
  loopbackPort?: number;
  signInTimeoutMs?: number;
  /** Client knobs (tests compress time with these). */
  clientTuning?: Partial<Omit<ZohoClientOptions, 'apiDomain' | 'tokens'>>;
}

type Listener = (state: ConnectionState, error?: Error) => void;

/** Why the connection's status changed (for the renderer's `data.changed 'connection'`). */
export type ConnectionChangeReason =
  | 'sign_in_started'
  | 'sign_in_failed'
  | 'sign_in_cancelled'
  | 'connected'
  | 'disconnected'
  | 'reconnect_needed'
  | 'demo';

export class ConnectionService {
  private client: ZohoClient | null = null;
  /** connectedAt of the row `client` was built for: another process (the CLI) may reconnect. */
  private clientFor: string | null = null;
  private tokens: TokenManager | null = null;
  private demoClient: ZohoClient | null = null;
  private envClient: ZohoClient | null = null;
  private signIn: {
    pending: PendingSignIn | null;
    redirectUri: string | null;
    error: { code: string; message: string } | null;
    done: Promise<void> | null;
  } = { pending: null, redirectUri: null, error: null, done: null };
  readonly events = {
    /** Anything status() shows changed: a sign-in started or failed, a (re)connect, a disconnect. */
    changed: new Hook<{ reason: ConnectionChangeReason }>(),
    /** The state itself changed (see `onStateChange`). */
    stateChanged: new Hook<{ state: ConnectionState; error?: Error }>(),
  };

  constructor(private readonly opts: ConnectionServiceOptions) {}

  // ── what the rest of the core uses ─────────────────────────────────────────

  state(): ConnectionState {
    if (this.opts.demo) return 'demo';
    return this.opts.repo.get()?.state ?? 'disconnected';
  }

  /**
   * The API of the current account, for the sync engine and write-back. Throws NotConnectedError
   * or ReconnectNeededError (both with user-facing messages) instead of returning a client that
   * would fail. The same instance is returned until the connection changes.
   */
  api(): ZohoApi {
    if (this.opts.demo) {
      if (!this.demoClient) throw new NotConnectedError('The demo workspace is not running.');
      return this.demoClient;
    }
    const rec = this.opts.repo.get();
    if (!rec) return this.environmentApi() ?? raise(new NotConnectedError());
    if (rec.state === 'reconnect_needed') throw new ReconnectNeededError();
    if (!this.client || this.clientFor !== rec.connectedAt) {
      void this.client?.stop(new NotConnectedError('The Zoho connection was replaced.'));
      this.client = this.buildClient(rec, this.managerFor(rec));
    }
    return this.client;
  }

  /** Called on every state change (the sync loop stops on 'reconnect_needed' / 'disconnected'). */
  onStateChange(listener: Listener): () => void {
    return this.events.stateChanged.on(({ state, error }) => listener(state, error));
  }

  /** Demo workspace: an in-memory connection to a sandbox; nothing goes to the keychain. */
  useDemo(p: { baseUrl: string; clientId: string; clientSecret: string; refreshToken: string }): ZohoApi {
    void this.demoClient?.stop();
    const oauth: OAuthClient = { accountsUrl: p.baseUrl, clientId: p.clientId, clientSecret: p.clientSecret };
    const tokens = new TokenManager({ oauth, refreshToken: async () => p.refreshToken });
    this.demoClient = createZohoClient({
      callsPerMinute: this.opts.callsPerMinute(),
      ...this.opts.clientTuning,
      apiDomain: p.baseUrl,
      tokens,
    });
    // The sync starts (or resumes) on this, like after any sign-in.
    this.changed('demo', 'demo');
    return this.demoClient;
  }

  /** The apiCallsPerMinute setting changed. */
  applySettings(): void {
    const n = this.opts.callsPerMinute();
    for (const client of [this.client, this.demoClient, this.envClient]) client?.setCallsPerMinute(n);
  }

  // ── status for the renderer (no secrets) ───────────────────────────────────

  status(): ConnectionStatus {
    const rec = this.opts.demo ? null : this.opts.repo.get();
    let secretStore: string | null;
    try {
      secretStore = this.opts.secrets().kind;
    } catch {
      secretStore = null;
    }
    return {
      state: this.state(),
      region: rec?.region ?? null,
      accountsUrl: rec?.accountsUrl ?? null,
      apiDomain: rec?.apiDomain ?? null,
      clientId: rec?.clientId ?? null,
      flow: this.opts.demo ? 'demo' : (rec?.flow ?? null),
      org: rec?.orgName ? { id: rec.orgId ?? '', name: rec.orgName, edition: rec.edition } : null,
      user: rec?.userName ? { name: rec.userName, email: rec.userEmail } : null,
      connectedAt: rec?.connectedAt ?? null,
      lastError: rec?.lastError ?? null,
      signIn: { pending: this.signIn.pending !== null, redirectUri: this.signIn.redirectUri, error: this.signIn.error },
      secretStore,
      loopbackPort: this.opts.loopbackPort ?? DEFAULT_LOOPBACK_PORT,
    };
  }

  regions() {
    return { regions: REGIONS.map((r) => ({ ...r })), defaultRegion: DEFAULT_REGION as RegionIdValue };
  }

  // ── connect flows ──────────────────────────────────────────────────────────

  /**
   * Starts the browser sign-in and returns the URL to open. It completes in the background: the
   * outcome shows in status() and a `data.changed` event with topic 'connection'.
   */
  async startBrowserSignIn(
    t: ConnectTarget & { port?: number },
  ): Promise<{ authorizeUrl: string; redirectUri: string; openedInBrowser: boolean }> {
    const endpoints = this.endpoints(t);
    await this.requireKeychain(); // fail now, not after the user signed in, when there is no keychain
    await this.stopSignIn();
    const pending = await beginBrowserSignIn({
      accountsUrl: endpoints.accountsUrl,
      clientId: t.clientId,
      port: t.port ?? this.opts.loopbackPort ?? DEFAULT_LOOPBACK_PORT,
      timeoutMs: this.opts.signInTimeoutMs ?? 5 * 60_000,
    });
    this.signIn = { pending, redirectUri: pending.redirectUri, error: null, done: null };
    this.signIn.done = pending.completed
      .then(async (r) => {
        const accountsUrl = trustedAccountsServer(r.accountsServer, endpoints.accountsUrl);
        const oauth = { accountsUrl, clientId: t.clientId, clientSecret: t.clientSecret };
        const tokens = await exchangeGrantCode(oauth, {
          code: r.code,
          redirectUri: r.redirectUri,
          codeVerifier: r.codeVerifier,
        });
        const region = endpoints.region === 'sandbox' ? 'sandbox' : regionForUrl(accountsUrl);
        await this.establish({ ...endpoints, region, accountsUrl }, oauth, tokens, 'browser', true);
      })
      .then(
        () => {
          if (this.signIn.pending === pending)
            this.signIn = { pending: null, redirectUri: null, error: null, done: null };
        },
        (error: Error) => {
          if (this.signIn.pending !== pending) return;
          this.signIn = {
            pending: null,
            redirectUri: null,
            error: { code: codeOf(error), message: error.message },
            done: null,
          };
          this.changed('sign_in_failed');
        },
      );
    const openedInBrowser = this.opts.openExternal
      ? await this.opts.openExternal(pending.authorizeUrl).catch(() => false)
      : false;
    this.changed('sign_in_started');
    return { authorizeUrl: pending.authorizeUrl, redirectUri: pending.redirectUri, openedInBrowser };
  }

  /** Resolves when the pending browser sign-in has finished, either way (CLI, tests). */
  async browserSignInSettled(): Promise<ConnectionStatus> {
    await this.signIn.done;
    return this.status();
  }

  async cancelBrowserSignIn(): Promise<ConnectionStatus> {
    if (await this.stopSignIn()) this.changed('sign_in_cancelled');
    return this.status();
  }

  /** Closes a pending sign-in's listener; true when there was one. */
  private async stopSignIn(): Promise<boolean> {
    const pending = this.signIn.pending;
    if (!pending) return false;
    this.signIn = { pending: null, redirectUri: null, error: null, done: null };
    await pending.cancel();
    return true;
  }

  /** Self Client: a grant code generated in the Zoho API console, exchanged at once. */
  async connectWithGrantCode(t: ConnectTarget & { grantCode: string }): Promise<ConnectionStatus> {
    const endpoints = this.endpoints(t);
    await this.requireKeychain();
    const oauth = { accountsUrl: endpoints.accountsUrl, clientId: t.clientId, clientSecret: t.clientSecret };
    const tokens = await exchangeGrantCode(oauth, { code: t.grantCode });
    return this.establish(endpoints, oauth, tokens, 'grant_code', true);
  }

  async connectWithRefreshToken(
    t: ConnectTarget & { refreshToken: string },
    flow: ConnectFlow = 'refresh_token',
  ): Promise<ConnectionStatus> {
    const endpoints = this.endpoints(t);
    await this.requireKeychain();
    const oauth = { accountsUrl: endpoints.accountsUrl, clientId: t.clientId, clientSecret: t.clientSecret };
    let tokens: TokenSet;
    try {
      tokens = await refreshAccessToken(oauth, t.refreshToken);
    } catch (error) {
      throw error instanceof ReconnectNeededError ? new InvalidRefreshTokenError() : error;
    }
    return this.establish(endpoints, oauth, { ...tokens, refreshToken: t.refreshToken }, flow, false);
  }

  /** Headless: ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN, ZOHO_ACCOUNTS_URL, ZOHO_BASE_URL. */
  connectFromEnv(env: NodeJS.ProcessEnv, region?: RegionId): Promise<ConnectionStatus> {
    return this.connectWithRefreshToken(readEnvConnection(env, region), 'env');
  }

  /**
   * Every connect flow asks the keychain first: with no keychain (a headless Linux box with no Secret
   * Service) it refuses with the store's one-sentence reason before any token is minted or saved.
   */
  private async requireKeychain(): Promise<void> {
    await this.opts.secrets().get(REFRESH_TOKEN);
  }

  // ── test / disconnect ──────────────────────────────────────────────────────

  async test(): Promise<{ latencyMs: number } & Identity> {
    const api = this.api();
    const started = Date.now();
    const identity = await fetchIdentity(api);
    if (!this.opts.demo) this.saveIdentity(identity);
    return { latencyMs: Date.now() - started, ...identity };
  }

  /** Revokes the refresh token at Zoho (best effort: offline still disconnects) and deletes it locally. */
  async disconnect(): Promise<{ revokedAtZoho: boolean; status: ConnectionStatus }> {
    await this.stopSignIn();
    const rec = this.opts.repo.get();
    let revokedAtZoho = false;
    if (rec) {
      const secrets = this.opts.secrets();
      const refreshToken = await secrets.get(REFRESH_TOKEN).catch(() => null);
      if (refreshToken) {
        const clientSecret = rec.hasSecret ? await secrets.get(CLIENT_SECRET).catch(() => null) : null;
        revokedAtZoho = await revokeToken(
          { accountsUrl: rec.accountsUrl, clientId: rec.clientId, clientSecret },
          refreshToken,
        ).then(
          () => true,
          () => false,
        );
      }
      await this.dropClient(new NotConnectedError());
      await secrets.delete(REFRESH_TOKEN);
      await secrets.delete(CLIENT_SECRET);
      this.opts.repo.delete();
      this.changed('disconnected', 'disconnected');
    }
    return { revokedAtZoho, status: this.status() };
  }

  /** Stops everything in flight; touches no storage, so it is safe after the store closed. */
  async close(): Promise<void> {
    await this.stopSignIn();
    await this.dropClient(new Error('Pipeline Pulse is shutting down.'));
    await this.demoClient?.stop();
    await this.envClient?.stop();
  }

  // ── internals ──────────────────────────────────────────────────────────────

  /** The in-memory client of the `environment` route, or null when the variables are not set. */
  private environmentApi(): ZohoClient | null {
    const env = this.opts.environment;
    if (this.envClient || !env || !hasEnvConnection(env)) return this.envClient;
    const c = readEnvConnection(env);
    const endpoints = resolveEndpoints(c.region, { accountsUrl: c.accountsUrl, apiDomain: c.apiDomain });
    const oauth = { accountsUrl: endpoints.accountsUrl, clientId: c.clientId, clientSecret: c.clientSecret };
    this.envClient = createZohoClient({
      callsPerMinute: this.opts.callsPerMinute(),
      maxConcurrency: concurrencyFromEnv(env),
      ...this.opts.clientTuning,
      apiDomain: endpoints.apiDomain,
      tokens: new TokenManager({ oauth, refreshToken: async () => c.refreshToken }),
    });
    return this.envClient;
  }

  private endpoints(t: ConnectTarget): Endpoints {
    return resolveEndpoints(t.region ?? DEFAULT_REGION, { accountsUrl: t.accountsUrl, apiDomain: t.apiDomain });
  }

  /**
   * Common end of every flow: prove the tokens work (org + current user, which also catches a
   * missing scope), then save the secrets to the keychain and the metadata to SQLite. Nothing is
   * saved when any step fails; a refresh token minted by this attempt is revoked again.
   */
  private async establish(
    endpoints: Endpoints,
    oauth: OAuthClient,
    tokens: TokenSet,
    flow: ConnectFlow,
    minted: boolean,
  ): Promise<ConnectionStatus> {
    const refreshToken = tokens.refreshToken;
    if (!refreshToken)
      throw new ReconnectNeededError('Zoho did not issue a refresh token (was offline access declined?).');
    const apiDomain = tokens.apiDomain ? normalizeBaseUrl(tokens.apiDomain, 'API domain') : endpoints.apiDomain;
    const secrets = this.opts.secrets();
    let source: () => Promise<string | null> = async () => refreshToken;
    const manager = new TokenManager({
      oauth,
      refreshToken: () => source(),
      initial: { accessToken: tokens.accessToken, expiresInSec: tokens.expiresInSec },
      onReconnectNeeded: (e) => this.markReconnectNeeded(e),
    });
    const probe = createZohoClient({
      callsPerMinute: this.opts.callsPerMinute(),
      ...this.opts.clientTuning,
      apiDomain,
      tokens: manager,
    });
    let identity: Identity;
    try {
      identity = await fetchIdentity(probe);
    } catch (error) {
      if (minted) await revokeToken(oauth, refreshToken).catch(() => undefined);
      throw error;
    } finally {
      await probe.stop();
    }
    await secrets.set(REFRESH_TOKEN, refreshToken);
    if (oauth.clientSecret) await secrets.set(CLIENT_SECRET, oauth.clientSecret);
    else await secrets.delete(CLIENT_SECRET);
    source = () => this.opts.secrets().get(REFRESH_TOKEN);
    const now = new Date().toISOString();
    const rec: ConnectionRecord = {
      state: 'connected',
      region: endpoints.region,
      accountsUrl: oauth.accountsUrl,
      apiDomain,
      clientId: oauth.clientId,
      hasSecret: Boolean(oauth.clientSecret),
      flow,
      orgId: identity.org.id,
      orgName: identity.org.name,
      edition: identity.org.edition,
      userName: identity.user.name,
      userEmail: identity.user.email,
      connectedAt: now,
      updatedAt: now,
      lastError: null,
    };
    await this.dropClient(new NotConnectedError('The Zoho connection was replaced.'));
    this.opts.repo.put(rec);
    this.client = this.buildClient(rec, manager);
    this.changed('connected', 'connected');
    return this.status();
  }

  /** A token manager for a saved connection: secrets are read from the keychain when needed. */
  private managerFor(rec: ConnectionRecord): TokenManager {
    return new TokenManager({
      oauth: { accountsUrl: rec.accountsUrl, clientId: rec.clientId },
      refreshToken: () => this.opts.secrets().get(REFRESH_TOKEN),
      clientSecret: rec.hasSecret ? () => this.opts.secrets().get(CLIENT_SECRET) : undefined,
      onReconnectNeeded: (e) => this.markReconnectNeeded(e),
    });
  }

  private buildClient(rec: ConnectionRecord, manager: TokenManager): ZohoClient {
    this.tokens = manager;
    this.clientFor = rec.connectedAt;
    return createZohoClient({
      maxConcurrency: concurrencyForEdition(rec.edition),
      creditsPer24h: creditBudgetForEdition(rec.edition),
      callsPerMinute: this.opts.callsPerMinute(),
      ...this.opts.clientTuning, // tests' explicit knobs win over the setting
      apiDomain: rec.apiDomain,
      tokens: manager,
    });
  }

  private markReconnectNeeded(error: ReconnectNeededError): void {
    if (this.opts.repo.get()?.state !== 'connected') return;
    this.opts.repo.update({ state: 'reconnect_needed', lastError: error.message });
    void this.dropClient(error);
    this.changed('reconnect_needed', 'reconnect_needed', error);
  }

  private saveIdentity(identity: Identity): void {
    this.opts.repo.update({
      orgId: identity.org.id,
      orgName: identity.org.name,
      edition: identity.org.edition,
      userName: identity.user.name,
      userEmail: identity.user.email,
      lastError: null,
    });
  }

  private async dropClient(reason: Error): Promise<void> {
    const client = this.client;
    this.client = null;
    this.tokens?.clear();
    this.tokens = null;
    await client?.stop(reason);
  }

  private changed(reason: ConnectionChangeReason, state?: ConnectionState, error?: Error): void {
    this.events.changed.emit({ reason });
    if (state) this.events.stateChanged.emit({ state, error });
  }
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof ZohoError ? error.code : 'ERROR';
}

function raise(error: Error): never {
  throw error;
}
