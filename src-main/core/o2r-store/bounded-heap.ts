/**
 * The `capacity` smallest items by `compare`, kept in a max-heap: an item no better than the
 * worst kept costs one comparison, so a page near the top of 1,000,000 rows is a single pass
 * (the O2R list, the phase board's cards, the review list).
 */
export class BoundedHeap {
  private readonly items: number[] = [];

  constructor(
    private readonly capacity: number,
    private readonly compare: (a: number, b: number) => number,
  ) {}

  /**
   * Offers `x`; returns the item that is not kept because of it: `x` itself, the worst item it
   * replaced, or -1 when nothing left (a caller holding something per kept item lets it go).
   */
  offer(x: number): number {
    const h = this.items;
    if (this.capacity <= 0) return x;
    if (h.length < this.capacity) {
      h.push(x);
      this.up(h.length - 1);
      return -1;
    }
    if (this.compare(x, h[0]) >= 0) return x;
    const out = h[0];
    h[0] = x;
    this.down(0);
    return out;
  }

  /** The items kept, best first. */
  sorted(): number[] {
    return this.items.slice().sort(this.compare);
  }

  private up(i: number): void {
    const h = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(h[i], h[parent]) <= 0) return;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < h.length && this.compare(h[l], h[worst]) > 0) worst = l;
      if (r < h.length && this.compare(h[r], h[worst]) > 0) worst = r;
      if (worst === i) return;
      [h[i], h[worst]] = [h[worst], h[i]];
      i = worst;
    }
  }
}
