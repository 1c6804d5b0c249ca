import { describe, expect, it } from 'vitest';
import { ChangeCoalescer } from '../../src-main/core/webhooks/coalescer';
import type { NotifiedIds } from '../../src-main/core/sync/notified-changes';
import { tokensMatch } from '../../src-main/core/webhooks/token-check';

describe('ChangeCoalescer', () => {
  it('a burst becomes one batch; the last word on an id wins', async () => {
    const batches: NotifiedIds[] = [];
    const c = new ChangeCoalescer(async (b) => void batches.push(b), 50, 500);
    c.add('update', ['1', '2']);
    c.add('delete', ['2']);
    c.add('insert', ['3']);
    c.add('delete', ['4']);
    c.add('update', ['4']); // restored after its deletion
    await c.idle();
    expect(batches).toEqual([{ upsert: ['1', '3', '4'], remove: ['2'] }]);
  });

  it('ids arriving during a slow apply wait for the next batch, never a parallel one', async () => {
    let running = 0;
    let maxRunning = 0;
    const batches: NotifiedIds[] = [];
    const c = new ChangeCoalescer(
      async (b) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        batches.push(b);
        await new Promise((r) => setTimeout(r, 100));
        running--;
      },
      10,
      50,
    );
    c.add('update', ['1']);
    await new Promise((r) => setTimeout(r, 40));
    for (let i = 2; i < 50; i++) c.add('update', [String(i)]);
    await c.idle();
    expect(maxRunning).toBe(1);
    expect(batches.length).toBe(2);
    expect(batches.flatMap((b) => b.upsert)).toHaveLength(49);
  });
});

describe('tokensMatch', () => {
  it('matches only the exact token', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abd', 'abc')).toBe(false);
    expect(tokensMatch('abcd', 'abc')).toBe(false);
    expect(tokensMatch('', 'abc')).toBe(false);
    expect(tokensMatch(null, 'abc')).toBe(false);
    expect(tokensMatch('abc', '')).toBe(false);
  });
});
