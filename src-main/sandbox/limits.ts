/**
 * Zoho's API limits: concurrent requests per org and app (by edition), a sub-concurrency of 10
 * shared by the "heavy" calls on top of it, and a credit budget over a rolling 24-hour window
 * (every call's credits are freed 24 hours after it was made, not at midnight). Over any of
 * them, Zoho answers 429 TOO_MANY_REQUESTS.
 */
import { zohoError, type Reply } from './http';
import { DAY_MS } from './time';
import type { Edition } from './types';

export const CONCURRENCY_BY_EDITION: Record<Edition, number> = {
  free: 5,
  standard: 10,
  professional: 15,
  enterprise: 20,
  ultimate: 25,
};

/** Heavy calls (COQL, Get Records with sort_by or cvid, writes of more than 10 records) in flight at once. */
export const SUB_CONCURRENCY = 10;

/** Daily credits; Zoho's real figure also grows with licences, these are a sandbox's defaults. */
export const DAILY_CREDITS_BY_EDITION: Record<Edition, number> = {
  free: 5_000,
  standard: 50_000,
  professional: 100_000,
  enterprise: 150_000,
  ultimate: 250_000,
};

export function isEdition(e: string): e is Edition {
  return e in CONCURRENCY_BY_EDITION;
}

/** Credits per call as Zoho charges them (see README): COQL by LIMIT, writes per 10 records. */
export function coqlCredits(limit: number): number {
  return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
}

export function writeCredits(records: number): number {
  return Math.max(1, Math.ceil(records / 10));
}

export function tooManyRequests(message = 'You have made too many requests. Please try again after some time.'): Reply {
  return zohoError(429, 'TOO_MANY_REQUESTS', message);
}

export type SlotRefusal = 'concurrency' | 'sub-concurrency';

export class Limits {
  inFlight = 0;
  maxInFlight = 0;
  heavyInFlight = 0;
  maxHeavyInFlight = 0;
  subConcurrency = SUB_CONCURRENCY;
  /** Credits spent, oldest first, merged per second: [time, credits]. */
  private spent: [number, number][] = [];
  private spentSum = 0;

  constructor(
    public edition: Edition,
    private readonly now: () => number,
    public dailyCredits = DAILY_CREDITS_BY_EDITION[edition],
    public concurrency = CONCURRENCY_BY_EDITION[edition],
  ) {}

  setEdition(edition: Edition): void {
    this.edition = edition;
    this.dailyCredits = DAILY_CREDITS_BY_EDITION[edition];
    this.concurrency = CONCURRENCY_BY_EDITION[edition];
  }

  /** Takes a concurrency slot (and a heavy one for heavy calls); says which limit refused it. */
  acquire(heavy = false): SlotRefusal | null {
    if (this.inFlight >= this.concurrency) return 'concurrency';
    if (heavy && this.heavyInFlight >= this.subConcurrency) return 'sub-concurrency';
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (heavy) {
      this.heavyInFlight++;
      this.maxHeavyInFlight = Math.max(this.maxHeavyInFlight, this.heavyInFlight);
    }
    return null;
  }

  release(heavy = false): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (heavy) this.heavyInFlight = Math.max(0, this.heavyInFlight - 1);
  }

  /** Spends credits if the last 24 hours leave room; false when they do not. */
  spend(credits: number): boolean {
    if (this.creditsUsed + credits > this.dailyCredits) return false;
    const now = this.now();
    const last = this.spent.at(-1);
    if (last && Math.floor(last[0] / 1000) === Math.floor(now / 1000)) last[1] += credits;
    else this.spent.push([now, credits]);
    this.spentSum += credits;
    return true;
  }

  /** Credits spent in the last 24 hours. */
  get creditsUsed(): number {
    const since = this.now() - DAY_MS;
    let drop = 0;
    while (drop < this.spent.length && this.spent[drop][0] <= since) this.spentSum -= this.spent[drop++][1];
    if (drop) this.spent.splice(0, drop);
    return this.spentSum;
  }

  remaining(): number {
    return Math.max(0, this.dailyCredits - this.creditsUsed);
  }

  resetCredits(): void {
    this.spent = [];
    this.spentSum = 0;
  }
}
