/**
 * The lower-cased names of the cache's rows for a scan that reads them in increasing row order
 * (a search): a run of rows is decoded and lower-cased by one call (packed-strings.ts), not one
 * call per row.
 */
import type { OpportunityColumns } from './opportunity-columns';

const RUN = 1024;

export class LowerNames {
  private from = 0;
  private to = 0;
  private run: string[] = [];

  constructor(private readonly cols: OpportunityColumns) {}

  at(r: number): string {
    if (r < this.from || r >= this.to) {
      const to = Math.min(this.cols.count, r + RUN);
      const run = this.cols.lowerNames(r, to);
      this.from = r;
      this.to = run ? to : r + 1;
      this.run = run ?? [this.cols.nameAt(r).toLowerCase()];
    }
    return this.run[r - this.from];
  }
}
