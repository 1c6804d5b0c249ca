import type { SyncProgress } from '../../../src-shared/contract/schemas';

/**
 * Live progress of one run for the `sync.progress` event and the CLI bar. The ETA comes from the
 * record rate measured since the first page, so it settles after a page or two.
 */
export class ProgressTracker {
  private state: SyncProgress;
  private firstPageAt: number | null = null;
  private recordsAtFirst = 0;

  constructor(
    runId: number,
    kind: string,
    private readonly emit: (p: SyncProgress) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.state = {
      runId,
      kind,
      phase: 'starting',
      pages: 0,
      records: 0,
      totalEstimate: null,
      etaMs: null,
      done: false,
    };
  }

  get snapshot(): SyncProgress {
    return { ...this.state };
  }

  phase(phase: string): void {
    this.state.phase = phase;
    this.publish();
  }

  estimate(total: number | null): void {
    this.state.totalEstimate = total === null ? null : Math.max(Math.round(total), this.state.records);
  }

  page(records: number): void {
    const t = this.now();
    if (this.firstPageAt === null) {
      this.firstPageAt = t;
      this.recordsAtFirst = this.state.records + records;
    }
    this.state.pages++;
    this.state.records += records;
    const total = this.state.totalEstimate;
    if (total !== null && total < this.state.records) this.state.totalEstimate = this.state.records;
    const rate = (this.state.records - this.recordsAtFirst) / Math.max(1, t - this.firstPageAt);
    this.state.etaMs = total !== null && rate > 0 ? Math.max(0, Math.round((total - this.state.records) / rate)) : null;
    this.publish();
  }

  done(): void {
    this.state.done = true;
    this.state.phase = 'done';
    if (this.state.records > 0) this.state.totalEstimate = this.state.records;
    this.state.etaMs = 0;
    this.publish();
  }

  private publish(): void {
    try {
      this.emit({ ...this.state });
    } catch {
      // A listener failing must not fail the sync.
    }
  }
}
