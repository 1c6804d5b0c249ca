import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { WebhookSetupArgs, WebhookStatus } from '../../../src-shared/contract/webhook-schemas';
import { webhookSetupArgs } from '../../../src-shared/contract/webhook-schemas';
import { WEBHOOK_TOKEN } from '../connection/secret-names';
import { Hook } from '../events/hook';
import type { SecretStore } from '../secrets/secret-store';
import type { SyncEngine } from '../sync/engine';
import { errorMessage } from '../sync/errors';
import type { ZohoApi } from '../zoho/zoho-api';
import { DEFAULT_CHANNEL_LIFETIME_MS, disableChannel, enableChannel, WATCHED_EVENTS } from './channel-api';
import { ChangeCoalescer } from './coalescer';
import { BULK_KEY_PARAM, type AcceptedEvent } from './payload';
import { WebhookReceiver, type RefusalReason } from './receiver';
import { roundTripTest, type TestOutcome } from './round-trip';
import { describeStatus } from './status';
import { WebhookRepo, type WebhookConfig } from './webhook-repo';

export interface WebhookServiceOptions {
  sqlite: Database;
  /** The Zoho client; throws when no account is connected (like ConnectionService.api()). */
  getApi: () => ZohoApi;
  /** Where the channel token lives: the keychain (the demo workspace: memory). */
  secrets: () => SecretStore;
  engine: SyncEngine;
  /** The demo workspace: its CRM (the sandbox) and the channel token live only as long as the process. */
  demo?: boolean;
  /** True in the processes that host the core for the app (desktop, `pulse web`). */
  hostsReceiver: boolean;
  /** How long a channel lives before renewal is due (tests shorten it); default ~a week. */
  channelLifetimeMs?: number;
  /** How often the hosting process checks the public URL end to end; default 15 minutes. */
  healthCheckMs?: number;
  /** How long a round-trip test waits for its sample; default 8 s. */
  testTimeoutMs?: number;
  /** Receiver knobs (tests): replay window, coalescing. */
  replayMaxAgeMs?: number;
  coalesce?: { quietMs?: number; maxWaitMs?: number };
}

/** Instant updates were never set up (or were turned off). */
export class WebhookNotSetUpError extends Error {
  override name = 'WebhookNotSetUpError';
  readonly code = 'WEBHOOK_NOT_SET_UP';
  constructor() {
    super('Instant updates are not set up. Set them up in Settings → Instant updates or with `pulse webhook setup`.');
  }
}

/** The receiver could not listen on the address the user chose (port taken, address not ours). */
export class WebhookListenError extends Error {
  override name = 'WebhookListenError';
  readonly code = 'WEBHOOK_LISTEN_FAILED';
}

/** A Zoho channel_id: a positive number (13 digits, well inside a JS safe integer). */
const newChannelId = () => String(randomInt(1_000_000_000_000, 9_000_000_000_000));
/** A Bulk Read callback URL's key: from the channel token, so a new setup (or turning off) voids it. */
const bulkKeyOf = (token: string) => createHmac('sha256', token).update('bulk-read-callback').digest('base64url');
/** 32 random bytes → 43 characters, under Zoho's 50 (docs/zoho-notifications.md#enabling-a-channel). */
const newToken = () => randomBytes(32).toString('base64url');

/**
 * Instant updates (`ctx.webhooks`): sets up and renews Zoho's notification channel for Deals,
 * hosts the receiver (app hosts only), applies what arrives through the sync engine
 * (`applyNotified`: fetch those ids under the lease, no run recorded), keeps a log for the status,
 * checks the public URL end to end, and falls back to the periodic delta whenever it is off,
 * failing or expired. The token is kept in the SecretStore only and never leaves this service.
 */
export class WebhookService {
  /** What the service announces (typed; the renderer hears `data.changed 'webhook'` from renderer-events.ts). */
  readonly events = {
    /** The status may read differently: set up, turned off, tested, renewed, failed, events arrived. */
    changed: new Hook<{ reason: string }>(),
    /**
     * A delta sync is wanted soon: ids could not be applied directly (another process holds the
     * lease, Zoho could not be reached), or instant updates just stopped working.
     */
    deltaWanted: new Hook<{ reason: string }>(),
    /** Zoho called back about a Bulk Read job (its callback URL is `bulkCallbackUrl()`). */
    bulkJobNotified: new Hook<{ jobId: string; state: string }>(),
  };
  /** One waiter per Bulk Read job (`waitForBulkJob`), the oldest dropped past a few dozen. */
  private readonly bulkWaiters = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  private readonly repo: WebhookRepo;
  private receiver: WebhookReceiver | null = null;
  private token: string | null = null;
  private readonly coalescer: ChangeCoalescer;
  private renewTimer: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private emitTimer: NodeJS.Timeout | null = null;
  private refused: WebhookStatus['refused'] = { count: 0, last: null };
  private renewFailures = 0;
  private lastMode: 'instant' | 'periodic' | null = null;
  private stopped = false;

  constructor(private readonly opts: WebhookServiceOptions) {
    this.repo = new WebhookRepo(opts.sqlite);
    this.coalescer = new ChangeCoalescer(
      (ids) => this.applyBatch(ids),
      opts.coalesce?.quietMs,
      opts.coalesce?.maxWaitMs,
    );
  }

  // ── lifecycle ───────────────────────────────────────────────────────────────

  get hostsReceiver(): boolean {
    return this.opts.hostsReceiver;
  }

  /** Hosts: starts the receiver when instant updates are on, renews a channel that is due. */
  async start(): Promise<void> {
    this.stopped = false;
    const c = this.repo.config();
    if (!c?.enabled || !this.opts.hostsReceiver) return;
    if (!(await this.loadToken())) {
      // Without its token no notification can be told from a forgery: say so, the delta carries on.
      this.fail(
        this.opts.demo
          ? "The demo workspace's channel ended when it was closed (its CRM keeps channels in memory); set up instant updates again."
          : "The channel's token is no longer in the keychain; set up instant updates again.",
      );
      return;
    }
    try {
      await this.listen(c);
    } catch (e) {
      this.fail(errorMessage(e));
      return;
    }
    // What failed last session (the port, the token, a renewal) is judged afresh: a renewal that
    // is overdue runs now, and the test below checks the public URL.
    this.repo.updateConfig({ lastError: null });
    this.scheduleRenewal();
    this.scheduleHealthCheck();
    this.changed();
    // Set up from another process (`pulse webhook setup`), or a tunnel that changed while the app
    // was closed: find out now, not at the first health check.
    void this.test().catch(() => undefined);
  }

  /** Stops the receiver and timers; applies what already arrived. The channel stays at Zoho. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    await this.stopReceiver();
    await this.coalescer.idle();
    this.coalescer.close();
  }

  /** Waits until every accepted event has been applied (tests, benchmarks). */
  idle(): Promise<void> {
    return this.coalescer.idle();
  }

  // ── the calls ───────────────────────────────────────────────────────────────

  /**
   * Sets up instant updates: a new token (keychain) and channel id, the receiver on the listen
   * address (this process, when it hosts), the channel at Zoho pointing at the public URL, then a
   * round-trip test. Replaces an earlier setup (its channel is disabled first).
   */
  async setup(input: WebhookSetupArgs): Promise<WebhookStatus> {
    const args = webhookSetupArgs.parse(input);
    const api = this.opts.getApi();
    const old = this.repo.config();
    const config: WebhookConfig = {
      enabled: false,
      listenHost: args.listenHost,
      listenPort: args.listenPort,
      publicUrl: args.publicUrl,
      channelId: newChannelId(),
      events: WATCHED_EVENTS,
      expiresAt: null,
      renewedAt: null,
      lastError: null,
      lastTest: null,
    };
    // The new address first: a port in use changes nothing (the old setup comes back).
    await this.stopReceiver();
    this.clearTimers();
    if (this.opts.hostsReceiver) {
      try {
        await this.listen(config);
      } catch (e) {
        if (old?.enabled) await this.start();
        throw e;
      }
    }
    const token = newToken();
    await this.opts.secrets().set(WEBHOOK_TOKEN, token);
    this.token = token;
    if (old?.enabled) await this.disableAtZoho(api, old.channelId).catch(() => undefined); // it lapses anyway
    const now = Date.now();
    try {
      const channel = await enableChannel(api, {
        channelId: config.channelId,
        notifyUrl: config.publicUrl,
        token,
        expiresAtMs: now + this.lifetime(),
      });
      this.repo.saveConfig({
        ...config,
        enabled: true,
        expiresAt: new Date(channel.expiresAtMs).toISOString(),
        renewedAt: new Date(now).toISOString(),
      });
    } catch (e) {
      // Zoho refused the channel (or could not be reached): nothing is on, and the form says why.
      this.repo.saveConfig({ ...config, lastError: errorMessage(e) });
      await this.stopReceiver();
      this.changed();
      throw e;
    }
    this.renewFailures = 0;
    if (this.opts.hostsReceiver) {
      this.scheduleRenewal();
      this.scheduleHealthCheck();
    }
    await this.test({ listenMeanwhile: true });
    return this.status();
  }

  /** Turns instant updates off: the channel is disabled at Zoho (when reachable), the receiver stops. */
  async disable(): Promise<WebhookStatus> {
    const c = this.repo.config();
    this.clearTimers();
    await this.stopReceiver();
    if (c?.enabled) {
      try {
        await this.disableAtZoho(this.opts.getApi(), c.channelId);
      } catch {
        // Not connected or offline: the channel lapses by itself within a week.
      }
    }
    await this.opts
      .secrets()
      .delete(WEBHOOK_TOKEN)
      .catch(() => false);
    this.token = null;
    if (c) this.repo.saveConfig({ ...c, enabled: false, expiresAt: null, lastError: null });
    this.changed();
    return this.status();
  }

  /** Before the account is disconnected: its channel goes too (while the sign-in still works). */
  async beforeDisconnect(): Promise<void> {
    if (this.repo.config()?.enabled) await this.disable().catch(() => undefined);
  }

  /**
   * Sends a sample notification to the public URL and waits for a receiver to log it — ours, or
   * (from the CLI) the app's, which logs into the same data folder. With `listenMeanwhile` a
   * process that does not host the receiver listens for the test's duration when nothing else
   * does (`pulse webhook test` with the app closed).
   */
  async test(opts: { listenMeanwhile?: boolean } = {}): Promise<TestOutcome> {
    const c = this.repo.config();
    const token = await this.loadToken();
    if (!c?.enabled || !token) throw new WebhookNotSetUpError();
    let temporary = false;
    if (opts.listenMeanwhile && !this.receiver) {
      temporary = await this.listen(c).then(
        () => true,
        () => false, // the port is taken: the app's receiver is there, and logs what it gets
      );
    }
    try {
      return await this.runTest(c, token);
    } finally {
      if (temporary) {
        await this.stopReceiver();
      }
    }
  }

  private async runTest(c: WebhookConfig, token: string): Promise<TestOutcome> {
    const result = await roundTripTest({
      publicUrl: c.publicUrl,
      channelId: c.channelId,
      token,
      listen: `${c.listenHost}:${c.listenPort}`,
      arrived: (nonce) => this.repo.testArrivedAt(nonce),
      timeoutMs: this.opts.testTimeoutMs ?? 8_000,
    });
    this.repo.updateConfig({ lastTest: result });
    this.changed();
    this.fallBackIfNeeded();
    return result;
  }

  status(): WebhookStatus {
    const c = this.repo.config();
    const dayStart = new Date();
    dayStart.setHours(0, 0, 0, 0);
    return describeStatus({
      config: c,
      hostsReceiver: this.opts.hostsReceiver,
      listening: this.receiver?.listening ?? false,
      renewAt: c?.enabled ? this.renewAt(c) : null,
      lastEventAt: this.repo.lastEventAt(),
      eventsToday: this.repo.eventsSince(dayStart.toISOString()),
      refused: this.refused,
      recent: this.repo.recent(10),
      now: Date.now(),
    });
  }

  // ── Bulk Read job callbacks ─────────────────────────────────────────────────

  /**
   * Where a Bulk Read job may call back when it is done (`callback.url` of the job): the public
   * URL with a key derived from the channel token, so only Zoho (who was given the URL) can wake
   * a waiting job. Null unless instant updates are working (the URL was just proven to reach the
   * receiver): the job is then only polled.
   */
  async bulkCallbackUrl(): Promise<string | null> {
    const c = this.repo.config();
    const token = await this.loadToken();
    if (!c?.enabled || !token || this.status().mode !== 'instant') return null;
    const url = new URL(c.publicUrl);
    url.searchParams.set(BULK_KEY_PARAM, bulkKeyOf(token));
    return url.toString();
  }

  /**
   * Resolves when Zoho called back about this Bulk Read job (completed or failed): the job's
   * follower races it against its next wait and looks at the job at once. Repeated calls for one
   * job share one promise.
   */
  waitForBulkJob(jobId: string): Promise<void> {
    const known = this.bulkWaiters.get(jobId);
    if (known) return known.promise;
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    this.bulkWaiters.set(jobId, { promise, resolve });
    if (this.bulkWaiters.size > 32) this.bulkWaiters.delete(this.bulkWaiters.keys().next().value!);
    return promise;
  }

  private bulkJobArrived(job: { jobId: string; state: string }): void {
    this.bulkWaiters.get(job.jobId)?.resolve();
    this.bulkWaiters.delete(job.jobId);
    this.events.bulkJobNotified.emit(job);
  }

  // ── receiving ───────────────────────────────────────────────────────────────

  private async listen(c: WebhookConfig): Promise<void> {
    if (!this.token) this.token = await this.loadToken();
    const receiver = new WebhookReceiver({
      host: c.listenHost,
      port: c.listenPort,
      credentials: () => {
        const cur = this.repo.config();
        return cur?.enabled && this.token ? { channelId: cur.channelId, token: this.token } : null;
      },
      onAccepted: (e) => this.accepted(e),
      onRefused: (reason, status) => this.refusedOne(reason, status),
      bulkKey: () => (this.repo.config()?.enabled && this.token ? bulkKeyOf(this.token) : null),
      onBulkJob: (job) => this.bulkJobArrived(job),
    });
    try {
      await receiver.start();
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is in use' : errorMessage(e);
      throw new WebhookListenError(`The receiver cannot listen on ${c.listenHost}:${c.listenPort}: ${why}.`);
    }
    this.receiver = receiver;
  }

  private async stopReceiver(): Promise<void> {
    const r = this.receiver;
    this.receiver = null;
    await r?.stop();
  }

  private accepted(e: AcceptedEvent): void {
    // A test sample that arrives here also reached a channel whose config is saved: recording it
    // is all a test needs (the tester may be another process polling the log).
    this.repo.record(e);
    if (e.operation !== 'test') this.coalescer.add(e.operation, e.ids);
    this.changedSoon();
  }

  private refusedOne(reason: RefusalReason, status: number): void {
    this.refused = { count: this.refused.count + 1, last: { at: new Date().toISOString(), status, reason } };
    this.changedSoon();
  }

  private async applyBatch(ids: { upsert: readonly string[]; remove: readonly string[] }): Promise<void> {
    const outcome = await this.opts.engine.applyNotified(ids);
    // Another process is syncing, or Zoho could not be reached: the delta picks these up.
    if (outcome.status === 'busy' || outcome.status === 'failed')
      this.events.deltaWanted.emit({ reason: outcome.reason ?? 'notified deals not applied' });
  }

  // ── renewal, health and fallback ────────────────────────────────────────────

  private lifetime(): number {
    return this.opts.channelLifetimeMs ?? DEFAULT_CHANNEL_LIFETIME_MS;
  }

  /** Renewal is due after two thirds of the channel's life: a day and a half before a week ends. */
  private renewAt(c: WebhookConfig): string | null {
    if (!c.expiresAt) return null;
    const end = Date.parse(c.expiresAt);
    const start = c.renewedAt ? Date.parse(c.renewedAt) : end - this.lifetime();
    return new Date(start + ((end - start) * 2) / 3).toISOString();
  }

  private scheduleRenewal(): void {
    if (this.stopped) return;
    const c = this.repo.config();
    if (!c?.enabled) return;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    const due = this.renewFailures > 0 ? this.retryDelay(c) : Date.parse(this.renewAt(c) ?? '') - Date.now();
    this.renewTimer = setTimeout(() => void this.renew(), Math.max(0, Math.min(due || 0, 2 ** 31 - 1)));
    this.renewTimer.unref?.();
  }

  /** After a failed renewal: 30 s, doubling, but never past the expiry. */
  private retryDelay(c: WebhookConfig): number {
    const left = c.expiresAt ? Date.parse(c.expiresAt) - Date.now() : 0;
    return Math.max(1000, Math.min(30_000 * 2 ** (this.renewFailures - 1), Math.max(1000, left / 2)));
  }

  private async renew(): Promise<void> {
    const c = this.repo.config();
    const token = this.token ?? (await this.loadToken());
    if (!c?.enabled || !token || this.stopped) return;
    const now = Date.now();
    try {
      const ch = await enableChannel(this.opts.getApi(), {
        channelId: c.channelId,
        notifyUrl: c.publicUrl,
        token,
        expiresAtMs: now + this.lifetime(),
      });
      this.renewFailures = 0;
      this.repo.updateConfig({
        expiresAt: new Date(ch.expiresAtMs).toISOString(),
        renewedAt: new Date(now).toISOString(),
        lastError: null,
      });
      this.changed();
    } catch (e) {
      this.renewFailures++;
      this.fail(`Renewing the notification channel failed: ${errorMessage(e)}`);
    }
    this.scheduleRenewal();
  }

  private scheduleHealthCheck(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = setInterval(
      () => void this.test().catch(() => undefined),
      this.opts.healthCheckMs ?? 15 * 60_000,
    );
    this.healthTimer.unref?.();
  }

  private fail(message: string): void {
    this.repo.updateConfig({ lastError: message });
    this.changed();
    this.fallBackIfNeeded();
  }

  /** Leaving instant mode: a delta now, so nothing changed meanwhile waits for the next interval. */
  private fallBackIfNeeded(): void {
    const mode = this.status().mode;
    if (this.lastMode === 'instant' && mode === 'periodic')
      this.events.deltaWanted.emit({ reason: 'instant updates stopped working' });
    this.lastMode = mode;
  }

  private async disableAtZoho(api: ZohoApi, channelId: string): Promise<void> {
    await disableChannel(api, channelId);
  }

  private async loadToken(): Promise<string | null> {
    if (this.token) return this.token;
    this.token = await this.opts
      .secrets()
      .get(WEBHOOK_TOKEN)
      .catch(() => null);
    return this.token;
  }

  private clearTimers(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.renewTimer = null;
    this.healthTimer = null;
  }

  private changed(reason = 'instant updates changed'): void {
    this.events.changed.emit({ reason });
  }

  /** A burst of events refreshes the screens' status once, not per event. */
  private changedSoon(): void {
    if (this.emitTimer) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      if (!this.stopped) this.changed();
    }, 500);
    this.emitTimer.unref?.();
  }
}
