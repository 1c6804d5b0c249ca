import type { MovedBucketResult, MovedDeal } from '../../../src-shared/contract/dashboard-schemas';

/**
 * One "what moved" bucket as it fills: every deal counts and adds its change, but only the `size`
 * largest changes (by size, then in the order they came) are made into rows — a bucket may hold
 * most of a million deals (docs/dashboard.md#what-moved).
 */
export class MovedBucketCollector {
  count = 0;
  total = 0;
  private readonly kept: { deal: MovedDeal; size: number; seq: number }[] = [];
  /** Index in `kept` of the row that goes first when a larger change arrives. */
  private weakest = -1;

  constructor(private readonly size: number) {}

  /** Counts a deal; `row` makes its row, called only when it is among the largest so far. */
  add(delta: number, row: () => MovedDeal): void {
    const seq = this.count++;
    this.total += delta;
    const size = Math.abs(delta);
    if (this.kept.length < this.size) {
      this.kept.push({ deal: row(), size, seq });
      if (this.kept.length === this.size) this.findWeakest();
      return;
    }
    // Equal sizes keep the earlier deal (as a stable sort of them all would).
    if (this.size === 0 || size <= this.kept[this.weakest].size) return;
    this.kept[this.weakest] = { deal: row(), size, seq };
    this.findWeakest();
  }

  result(): MovedBucketResult {
    const deals = [...this.kept].sort((a, b) => b.size - a.size || a.seq - b.seq).map((k) => k.deal);
    return { count: this.count, total: this.total, deals };
  }

  /** The smallest change, the latest of equals: the one a stable sort would list last. */
  private findWeakest(): void {
    let w = 0;
    for (let i = 1; i < this.kept.length; i++) {
      const [k, best] = [this.kept[i], this.kept[w]];
      if (k.size < best.size || (k.size === best.size && k.seq > best.seq)) w = i;
    }
    this.weakest = w;
  }
}
