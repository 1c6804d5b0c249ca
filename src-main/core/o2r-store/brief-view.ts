/**
 * The opportunity columns seen as a read-only Map of brief objects (id → OpportunityBrief), made
 * on demand: for callers that look at a few deals, and for tests. Nothing here holds a brief; a
 * reader of every deal (list, board, review) walks the columns instead.
 */
import { LIVE, type OpportunityBrief, type OpportunityColumns } from './opportunity-columns';

export class BriefView implements ReadonlyMap<string, OpportunityBrief> {
  constructor(private readonly cols: OpportunityColumns) {}

  get size(): number {
    return this.cols.live;
  }

  get(id: string): OpportunityBrief | undefined {
    const r = this.cols.rowOf(id);
    return r === undefined ? undefined : this.cols.brief(r);
  }

  has(id: string): boolean {
    return this.cols.rowOf(id) !== undefined;
  }

  keys(): MapIterator<string> {
    return this.cols.keys() as MapIterator<string>;
  }

  *values(): MapIterator<OpportunityBrief> {
    const { flags } = this.cols;
    for (let r = 0; r < this.cols.count; r++) if (flags[r] & LIVE) yield this.cols.brief(r);
  }

  *entries(): MapIterator<[string, OpportunityBrief]> {
    for (const b of this.values()) yield [b.id, b];
  }

  [Symbol.iterator](): MapIterator<[string, OpportunityBrief]> {
    return this.entries();
  }

  forEach(fn: (value: OpportunityBrief, key: string, map: ReadonlyMap<string, OpportunityBrief>) => void): void {
    for (const b of this.values()) fn(b, b.id, this);
  }
}
