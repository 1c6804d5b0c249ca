/**
 * Dictionary encoding for in-memory columns (the O2R cache's, o2r-store/opportunity-columns.ts,
 * and the Dashboard's deals, deals/deals-in-columns.ts): a value that repeats across deals
 * (account, owner, stage, closing date…) is held once and each deal keeps a small code. Code 0 is
 * null. Codes are never reused or renumbered, so a code read once (the review index keeps some)
 * means the same value for as long as the dictionary lives.
 */
export class StringCodes {
  /** Every value by its code (index 0: null). */
  readonly values: (string | null)[] = [null];
  private readonly codes = new Map<string, number>();

  /** The code of `value` (0 for null), adding it when new. */
  code(value: string | null): number {
    if (value === null) return 0;
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.codes.set(value, c);
    }
    return c;
  }

  /** The code of a value already seen, or -1. */
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  value(code: number): string | null {
    return this.values[code] ?? null;
  }

  get size(): number {
    return this.values.length;
  }
}
