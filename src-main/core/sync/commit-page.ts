import { logPage, saveCheckpoint, type FullCheckpoint } from './checkpoint';
import type { ZohoRecord } from './normalize';
import type { RunContext } from './run-context';

/**
 * Stores one page of a full sync (COQL, Get Records or a Bulk Read batch): its deals, the
 * checkpoint change `mutate` makes, and a sync_pages row, in one transaction; then counts it.
 */
export function commitPage(
  ctx: RunContext,
  cp: FullCheckpoint,
  rows: ZohoRecord[],
  part: number,
  after: string | null,
  mutate: () => void,
): void {
  ctx.checkLease();
  const counts = ctx.ingest.page(rows, cp.gen, (page) => {
    ctx.recordProgress(page);
    mutate();
    cp.fetched += rows.length;
    saveCheckpoint(ctx.kv, cp);
    logPage(ctx.sqlite, {
      runId: ctx.runId,
      gen: cp.gen,
      kind: cp.mode,
      part,
      after,
      lastId: rows.at(-1)?.id ?? null,
      rows: rows.length,
    });
  });
  ctx.counts.added += counts.added;
  ctx.counts.changed += counts.changed;
  ctx.counts.unchanged += counts.unchanged;
  ctx.pages.n++;
  ctx.progress.page(rows.length);
  ctx.afterPage();
}
