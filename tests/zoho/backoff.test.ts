import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../src-main/core/zoho/backoff';
import { SlidingWindow } from '../../src-main/core/zoho/rate-window';

// The sandbox sends no Retry-After, so its handling is checked here directly.
describe('retry timing and the per-minute window', () => {
  it('grows exponentially with jitter, is capped, and lets a longer Retry-After win', () => {
    const p = { baseMs: 1000, maxMs: 8000, random: () => 1 };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, p))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(0, { ...p, random: () => 0 })).toBe(500);
    expect(backoffDelay(0, p, 30_000)).toBe(30_000);
    expect(backoffDelay(3, p, 100)).toBe(8000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('12')).toBe(12_000);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 1_000)).toBe(60_000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('never lets more than `limit` starts into any window (fake clock)', async () => {
    let now = 0;
    const starts: number[] = [];
    const w = new SlidingWindow(
      3,
      1000,
      () => now,
      async (ms) => {
        now += ms;
      },
    );
    for (let i = 0; i < 7; i++) {
      await w.take();
      starts.push(now);
    }
    expect(starts).toEqual([0, 0, 0, 1001, 1001, 1001, 2002]);
  });
});
