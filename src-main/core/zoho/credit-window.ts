/**
 * The app's own share of the org's Zoho API credits, over the window Zoho counts them in: a
 * rolling 24 hours (each call's credits come back 24 hours after it, not at midnight). Credits
 * are reserved before a call goes out, so calls in flight count too, and given back when Zoho did
 * not charge for the call (429, 5xx, no answer).
 */
export const DAY_MS = 24 * 3600_000;

export class CreditWindow {
  /** [time, credits], oldest first. */
  private readonly spent: [number, number][] = [];
  private sum = 0;

  constructor(
    public budget: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Credits counted in the last 24 hours. */
  used(): number {
    const since = this.now() - DAY_MS;
    while (this.spent.length && this.spent[0][0] <= since) this.sum -= this.spent.shift()![1];
    return this.sum;
  }

  /** Reserves `credits`; null when they fit, else how long until they would (ms). */
  reserve(credits: number): number | null {
    if (this.used() + credits > this.budget) return this.waitFor(credits);
    this.spent.push([this.now(), credits]);
    this.sum += credits;
    return null;
  }

  /** Gives back a reservation Zoho did not charge for (the newest one of that size). */
  release(credits: number): void {
    for (let i = this.spent.length - 1; i >= 0; i--) {
      const entry = this.spent[i];
      if (entry[1] < credits) continue;
      entry[1] -= credits;
      this.sum -= credits;
      if (entry[1] === 0) this.spent.splice(i, 1);
      return;
    }
  }

  private waitFor(credits: number): number {
    let free = this.budget - this.sum;
    for (const [at, c] of this.spent) {
      free += c;
      if (free >= credits) return Math.max(1, at + DAY_MS - this.now());
    }
    return DAY_MS;
  }
}
