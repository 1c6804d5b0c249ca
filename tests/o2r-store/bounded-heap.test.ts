import { describe, expect, it } from 'vitest';
import { BoundedHeap } from '../../src-main/core/o2r-store/bounded-heap';

describe('BoundedHeap', () => {
  it('keeps the smallest items and names, on every offer, the item that is not kept', () => {
    // The review list holds a name for each kept position and lets it go when this says so.
    const heap = new BoundedHeap(3, (a, b) => a - b);
    const held = new Set<number>();
    const values = [50, 10, 40, 30, 60, 20, 5, 45, 25];
    for (const v of values) {
      const out = heap.offer(v);
      if (out !== v) held.add(v);
      if (out >= 0) held.delete(out);
      expect([...held].sort((a, b) => a - b)).toEqual(heap.sorted());
    }
    expect(heap.sorted()).toEqual([5, 10, 20]);
    expect(new BoundedHeap(0, (a, b) => a - b).offer(7)).toBe(7);
  });
});
