import { backoffDelay } from '../zoho/backoff';
import type { RunResult, SyncEngine, SyncKind, SyncTrigger } from './engine';

export type SchedulerState = 'stopped' | 'idle' | 'running' | 'offline' | 'reconnect_needed' | 'paused';

export interface SchedulerOptions {
  /** Minutes between deltas, read before every wait (the setting may change). */
  intervalMs: () => Promise<number>;
  /** First retry while offline; doubles up to the interval. */
  offlineRetryMs?: number;
  /** A burst of change notifications becomes one delta after this quiet time. */
  notifyDebounceMs?: number;
  onStateChange?: (state: SchedulerState) => void;
  onResult?: (r: RunResult) => void;
}

/**
 * When syncs happen: at start, every interval, on demand, and shortly after a change
 * notification (webhook). While offline it retries with backoff and syncs at once when the host
 * says the network is back; on "reconnect needed" it stops until `resume()` (after the user
 * signs in again). The engine itself guarantees one run at a time (lease), so a trigger that
 * arrives during a run just asks for one more delta afterwards. The user may pause background
 * syncing (the tray menu): no interval, notification or network syncs until resumed, while
 * "Sync now" still runs once.
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private nextAt: number | null = null;
  private st: SchedulerState = 'stopped';
  /** Offline retries so far: the wait doubles from offlineRetryMs up to the interval. */
  private offlineRetries = 0;
  private again = false;
  private paused = false;

  constructor(
    private readonly engine: SyncEngine,
    private readonly opts: SchedulerOptions,
  ) {}

  get state(): SchedulerState {
    return this.st;
  }

  /** When the next automatic sync is due (null when none is planned). */
  get nextSyncAt(): Date | null {
    return this.nextAt === null ? null : new Date(this.nextAt);
  }

  /** Starts the loop with a sync right away (resuming an unfinished full sync first). */
  start(): void {
    if (this.st !== 'stopped') return;
    if (this.paused) return this.setState('paused');
    this.setState('idle');
    void this.trigger('auto', 'start');
  }

  stop(): void {
    this.clearTimers();
    this.nextAt = null;
    this.setState('stopped');
  }

  /** Background syncing off until `unpause()`: a running sync finishes, nothing new is scheduled. */
  pause(): void {
    this.paused = true;
    if (this.st === 'stopped' || this.st === 'reconnect_needed') return;
    this.clearTimers();
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = null;
    this.nextAt = null;
    if (this.st !== 'running') this.setState('paused');
  }

  /** Background syncing on again, with a sync right away (the user wants fresh data). */
  unpause(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.st !== 'paused') return;
    this.setState('idle');
    void this.trigger('auto', 'interval');
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Manual "sync now"; also what the API's sync.run uses. */
  runNow(kind: SyncKind | 'auto' = 'auto', trigger: SyncTrigger = 'manual'): Promise<RunResult> {
    return this.trigger(kind, trigger);
  }

  /** A change notification from Zoho (webhook issue): one delta after a short quiet time. */
  notifyRemoteChange(): void {
    if (this.st === 'stopped' || this.st === 'reconnect_needed' || this.paused) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.trigger('delta', 'notification');
    }, this.opts.notifyDebounceMs ?? 2000);
    this.debounce.unref?.();
  }

  /** The host saw the network come back (Electron's online event): do not wait for the backoff. */
  networkRestored(): void {
    if (this.st === 'offline') void this.trigger('auto', 'network');
  }

  /** After a reconnect: start syncing again. */
  resume(): void {
    if (this.st === 'reconnect_needed' || this.st === 'stopped') {
      if (this.paused) return this.setState('paused');
      this.setState('idle');
      void this.trigger('auto', 'start');
    }
  }

  private async trigger(kind: SyncKind | 'auto', trigger: SyncTrigger): Promise<RunResult> {
    if (this.engine.inProgress) {
      this.again = true; // run one more delta once this one ends
      return this.engine.run(kind, trigger);
    }
    this.clearTimers();
    if (this.st !== 'stopped') this.setState('running');
    const result = await this.engine.run(kind, trigger);
    this.opts.onResult?.(result);
    await this.afterRun(result);
    return result;
  }

  private async afterRun(r: RunResult): Promise<void> {
    if (this.st === 'stopped') return;
    if (r.failure === 'reconnect') {
      this.nextAt = null;
      this.setState('reconnect_needed');
      return;
    }
    if (this.paused) {
      this.nextAt = null;
      this.setState('paused');
      return;
    }
    // The core may be closing while this run ended (a host that failed to start): reading the
    // interval then fails, and nothing is left to schedule.
    const interval = await this.opts.intervalMs().catch(() => null);
    if (interval === null || (this.st as SchedulerState) === 'stopped') return;
    if (r.failure === 'offline') {
      // The one backoff formula, without jitter: one process retrying alone needs no spreading.
      const delay = backoffDelay(
        this.offlineRetries++,
        { baseMs: this.opts.offlineRetryMs ?? 15_000, maxMs: interval, random: () => 1 },
        null,
      );
      this.setState('offline');
      this.schedule(delay);
      return;
    }
    this.offlineRetries = 0;
    this.setState('idle');
    if (this.again) {
      this.again = false;
      this.schedule(0);
      return;
    }
    this.schedule(interval);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.trigger('auto', this.st === 'offline' ? 'network' : 'interval');
    }, ms);
    this.timer.unref?.();
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(s: SchedulerState): void {
    if (s === this.st) return;
    this.st = s;
    this.opts.onStateChange?.(s);
  }
}
