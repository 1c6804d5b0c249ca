import { checkFailsafe, clearFailsafe } from './failsafe';
import {
  fetchDeletedIds,
  fetchRecordsPage,
  isStalePageToken,
  PAGE_TOKEN_RESTARTS,
  type DeletedDeal,
} from './fetch-records';
import { runStart, type RunContext } from './run-context';
import { KV } from './state-kv';

/**
 * Delta sync: deals modified after the cursor (Get Records with If-Modified-Since, by
 * Modified_Time) and deals deleted after it (`/Deals/deleted`). Usually two calls. Idempotent:
 * the cursor overlaps the previous run on purpose and ingest ignores what it has already seen.
 * The cursor only moves when the whole delta was applied, so a cut delta is simply repeated.
 * Zoho's side: docs/zoho-api.md#get-records--get-crmv8deals and #deleted-records--get-crmv8dealsdeleted.
 */
export async function runDeltaSync(ctx: RunContext, startedAtMs: number): Promise<void> {
  const cursorIso = ctx.kv.get<string>(KV.deltaCursor);
  if (!cursorIso) throw new Error('No delta cursor: a full sync must run first');
  const sinceMs = Date.parse(cursorIso);
  let startMs: number | null = null;

  ctx.progress.phase('fetching');
  // Deletions are asked for at the same time as the changes (one round trip instead of two);
  // they are applied after the changes, below.
  const deletedP = fetchDeletedIds(ctx.api, sinceMs, ctx.signal);
  deletedP.catch(() => undefined);
  let token: string | null = null;
  let restarts = 0;
  for (;;) {
    let page;
    try {
      page = await fetchRecordsPage(ctx.api, ctx.fs, {
        pageToken: token,
        sinceMs,
        sortBy: 'Modified_Time',
        signal: ctx.signal,
      });
    } catch (e) {
      // A page_token Zoho no longer takes: list the changes again from the first page (the cursor
      // has not moved, and ingest skips what it already has).
      if (token && isStalePageToken(e) && restarts++ < PAGE_TOKEN_RESTARTS) {
        token = null;
        continue;
      }
      throw e;
    }
    startMs ??= runStart(startedAtMs, page.serverDate);
    if (page.rows.length > 0) {
      ctx.checkLease();
      const c = ctx.ingest.page(page.rows, null, (p) => ctx.recordProgress(p));
      ctx.counts.added += c.added;
      ctx.counts.changed += c.changed;
      ctx.counts.unchanged += c.unchanged;
      for (const id of c.ids) ctx.changedIds.push(id);
      ctx.pages.n++;
      ctx.progress.page(page.rows.length);
      ctx.afterPage();
    }
    if (!page.more || !page.nextToken) break;
    token = page.nextToken;
  }

  ctx.progress.phase('deletions');
  const deleted = stillDeleted(ctx, await deletedP);
  const known = deleted.length ? countKnown(ctx, deleted) : 0;
  const local = ctx.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number;
  checkFailsafe(ctx.kv, 'delta', known, local, ctx.failsafePercent);
  ctx.checkLease();
  const cursor = new Date((startMs ?? startedAtMs) - ctx.overlapMs).toISOString();
  const removed = ctx.ingest.remove(deleted, (n) => {
    ctx.recordProgress({ added: 0, changed: 0 }, n);
    ctx.kv.set(KV.deltaCursor, cursor);
    clearFailsafe(ctx.kv);
  });
  ctx.counts.removed += removed.length;
  ctx.removedIds.push(...removed);
}

/**
 * A deal restored from the recycle bin after its deletion comes back with a newer Modified_Time:
 * keep it. Everything else in the deleted list goes.
 */
function stillDeleted(ctx: RunContext, list: DeletedDeal[]): string[] {
  const modified = ctx.sqlite.prepare('SELECT modified_time FROM deals WHERE id = ?').pluck();
  return list
    .filter((d) => {
      const m = modified.get(d.id) as string | null | undefined;
      return !m || Number.isNaN(d.deletedAt) || !(Date.parse(m) > d.deletedAt);
    })
    .map((d) => d.id);
}

function countKnown(ctx: RunContext, ids: string[]): number {
  const stmt = ctx.sqlite.prepare('SELECT 1 FROM deals WHERE id = ?').pluck();
  let n = 0;
  for (const id of ids) if (stmt.get(id)) n++;
  return n;
}
