/**
 * The names of the cache's rows (lower-cased for a search, or as they are) for a scan that reads
 * them in increasing row order: while most rows are asked for, a run of rows is decoded by one
 * call (packed-strings.ts), not one call per row (a search, the review index's scan).
 */
import type { OpportunityColumns } from './opportunity-columns';

const RUN = 1024;
const WINDOW = 64;

export class NameRuns {
  private from = 0;
  private to = 0;
  private run: string[] = [];
  /** Whether most rows are asked for, judged over at least WINDOW rows at a time. */
  private dense = true;
  private windowStart = 0;
  private windowAsked = 0;

  constructor(
    private readonly cols: OpportunityColumns,
    private readonly lower: boolean,
  ) {}

  at(r: number): string {
    this.windowAsked++;
    if (r < this.from || r >= this.to) {
      // A run pays only when most of its rows are asked for (a search over every deal, not one
      // behind other filters): decoding a run costs ~3/4 of decoding each of its rows alone.
      const span = r - this.windowStart;
      if (span >= WINDOW || span < 0) {
        this.dense = this.windowAsked * 2 >= span;
        this.windowStart = r;
        this.windowAsked = 1;
      }
      const to = Math.min(this.cols.count, r + RUN);
      const run = this.dense ? this.cols.nameRun(r, to, this.lower) : null;
      this.from = r;
      this.to = run ? to : r + 1;
      this.run = run ?? [this.lower ? this.cols.nameAt(r).toLowerCase() : this.cols.nameAt(r)];
    }
    return this.run[r - this.from];
  }
}
