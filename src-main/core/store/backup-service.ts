import { dailyBackupDue, listBackups, takeBackup, type BackupInfo } from './backup';
import { checkWholeFile, hasLocalData } from './local-tables';
import type { Store } from './open-store';
import { DatabaseDamagedError, isDamageError } from './store-errors';

const HOUR_MS = 60 * 60 * 1000;
/**
 * The app hosts' first look, this long after start: the whole-file check before a backup holds the
 * main process (~1.7 s at 1,000,000 deals), and at start it would hold the first screens too.
 */
const FIRST_LOOK_MS = 60 * 1000;

/**
 * `ctx.backups`: the daily backup of the local data (looked for when a `pulse` command opens the
 * folder; the app hosts a minute after start, then hourly), a backup on demand, and the list. Never two at once;
 * `close()` lets one in progress finish before the store closes.
 */
export class BackupService {
  private inflight: Promise<BackupInfo | null> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Why the last automatic backup failed (shown by store.status), null after a good one. */
  lastError: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
    /** Damage found by the check before a backup (the core announces it and offers a restore). */
    private readonly onDamage: (e: DatabaseDamagedError) => void = () => {},
    private readonly now: () => number = Date.now,
    private readonly opts: { firstLookMs?: number } = {},
  ) {}

  list(): BackupInfo[] {
    return listBackups(this.dataDir);
  }

  /** Takes the daily backup when it is due and there is local data to keep. */
  maybeDaily(): Promise<BackupInfo | null> {
    if (this.inflight) return this.inflight;
    if (this.store.readOnly || !dailyBackupDue(this.dataDir, this.now()) || !hasLocalData(this.store.sqlite))
      return Promise.resolve(null);
    return this.run('daily').catch((e: Error) => {
      this.lastError = e.message;
      return null;
    });
  }

  /** A backup now (`pulse backup`); waits for one already running first. */
  async backupNow(reason = 'manual'): Promise<BackupInfo> {
    await this.inflight;
    const info = await this.run(reason);
    if (!info) throw new Error('The backup did not complete.');
    return info;
  }

  /**
   * App hosts: look whether the daily backup is due a minute after start (not while the first
   * screens load), then every hour.
   */
  startDaily(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      void this.maybeDaily();
      this.timer = setInterval(() => void this.maybeDaily(), HOUR_MS);
      this.timer.unref?.();
    }, this.opts.firstLookMs ?? FIRST_LOOK_MS);
    this.timer.unref?.();
  }

  /**
   * The whole file is checked before it is copied: a copy of a damaged file would push a good
   * backup out of the rotation. This is also where damage in the deals cache, which no open
   * checks, is found within a day.
   */
  private async checkSource(): Promise<void> {
    let problem: string | null;
    try {
      problem = checkWholeFile(this.store.sqlite);
    } catch (e) {
      if (!isDamageError(e)) throw e;
      problem = (e as Error).message;
    }
    if (!problem) return;
    const damage = new DatabaseDamagedError(this.store.file, problem);
    this.onDamage(damage);
    throw damage;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer); // clears an interval as well
    this.timer = null;
    await this.inflight?.catch(() => undefined);
  }

  private run(reason: string): Promise<BackupInfo | null> {
    const p = this.checkSource()
      .then(() => takeBackup(this.store.sqlite, this.dataDir, reason, { now: new Date(this.now()) }))
      .then((info) => {
        this.lastError = null;
        return info;
      });
    const settled: Promise<BackupInfo | null> = p
      .catch(() => null)
      .finally(() => {
        if (this.inflight === settled) this.inflight = null;
      });
    this.inflight = settled;
    return p;
  }
}
