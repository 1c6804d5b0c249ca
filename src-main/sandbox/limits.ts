/**
 * Zoho's two API limits: concurrent requests per org and app (by edition) and a daily credit
 * budget. Over either, Zoho answers 429 TOO_MANY_REQUESTS. Credits reset at midnight org time.
 */
import { zohoError, type Reply } from './http';
import { zohoDate } from './time';
import type { Edition } from './types';

export const CONCURRENCY_BY_EDITION: Record<Edition, number> = {
  free: 5,
  standard: 10,
  professional: 15,
  enterprise: 20,
  ultimate: 25,
};

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

export class Limits {
  inFlight = 0;
  maxInFlight = 0;
  creditsUsed = 0;
  private day = '';

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

  /** Takes a concurrency slot; false when all are busy. */
  acquire(): boolean {
    if (this.inFlight >= this.concurrency) return false;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return true;
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Spends credits if the day's budget allows; false when it is exhausted. */
  spend(credits: number): boolean {
    this.rollDay();
    if (this.creditsUsed + credits > this.dailyCredits) return false;
    this.creditsUsed += credits;
    return true;
  }

  remaining(): number {
    this.rollDay();
    return Math.max(0, this.dailyCredits - this.creditsUsed);
  }

  resetCredits(): void {
    this.creditsUsed = 0;
  }

  private rollDay(): void {
    const today = zohoDate(this.now());
    if (today !== this.day) {
      this.day = today;
      this.creditsUsed = 0;
    }
  }
}
