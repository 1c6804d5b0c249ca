/**
 * The names of the cache's rows (lower-cased for a search, or as they are) for a scan that reads
 * them in increasing row order: a run of rows is decoded by one call (packed-strings.ts), not one
 * call per row (a search, the review index's scan).
 */
import type { OpportunityColumns } from './opportunity-columns';

const RUN = 1024;

export class NameRuns {
  private from = 0;
  private to = 0;
  private run: string[] = [];

  constructor(
    private readonly cols: OpportunityColumns,
    private readonly lower: boolean,
  ) {}

  at(r: number): string {
    if (r < this.from || r >= this.to) {
      const to = Math.min(this.cols.count, r + RUN);
      const run = this.cols.nameRun(r, to, this.lower);
      this.from = r;
      this.to = run ? to : r + 1;
      this.run = run ?? [this.lower ? this.cols.nameAt(r).toLowerCase() : this.cols.nameAt(r)];
    }
    return this.run[r - this.from];
  }
}
