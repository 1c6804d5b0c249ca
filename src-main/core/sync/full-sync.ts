import { dropDealIndexes, restoreIndexes } from './bulk-load';
import { checkFailsafe, clearFailsafe } from './failsafe';
import { COQL_PAGE_MAX, fetchCoqlPage, probeRange, type RangeProbe } from './fetch-coql';
import { fetchRecordsPage, isStalePageToken, PAGE_TOKEN_RESTARTS } from './fetch-records';
import {
  loadCheckpoint,
  nextGeneration,
  saveCheckpoint,
  splitPart,
  splitRange,
  type FullCheckpoint,
  type RangePart,
} from './checkpoint';
import { commitPage } from './commit-page';
import { classifyError, errorCode, errorMessage } from './errors';
import { newBulkProgress, fetchBulk } from './bulk/bulk-sync';
import { runStart, type RunContext } from './run-context';
import { KV } from './state-kv';

/**
 * Full sync: every deal, as few calls and as little wall time as the API allows.
 *
 * COQL (2,000 rows a call) in id order with keyset paging. The first page and a one-row probe
 * for the highest id run together; the id range between is then split into parts of about one
 * page each, fetched concurrently (up to the client's concurrency). Every page is committed with
 * the checkpoint in one transaction, so a kill resumes at the last page of each part. When COQL
 * cannot serve (no COQL scope, a field COQL rejects), Get Records with page_token does.
 * At the end, deals this sync did not see are removed (behind the fail-safe). Zoho's limits:
 * docs/zoho-api.md#coql--post-crmv8coql.
 */
export async function runFullSync(
  ctx: RunContext,
  startedAtMs: number,
  probe?: Promise<RangeProbe> | null,
  count?: Promise<number | null> | null,
): Promise<{ resumed: boolean }> {
  let cp = loadCheckpoint(ctx.kv);
  const resumed = Boolean(cp && cp.fieldsKey === ctx.fs.key);
  if (!cp || cp.fieldsKey !== ctx.fs.key) {
    const deals = await (count ?? Promise.resolve(null)).catch(() => null);
    ctx.checkLease();
    const bulk = useBulkRead(ctx, deals);
    const carried = cp?.droppedIndexes ?? [];
    const empty = ctx.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() === 0;
    cp = {
      version: 1,
      gen: nextGeneration(ctx.kv, ctx.sqlite),
      startedAtMs,
      mode: bulk ? 'bulk' : ctx.fs.coqlColumns ? 'coql' : 'records',
      fieldsKey: ctx.fs.key,
      planned: false,
      parts: [{ after: null, hi: null, done: false }],
      pageToken: null,
      phase: 'fetch',
      fetched: 0,
      estimate: bulk ? deals : null,
      // First load into an empty cache: build the indexes once at the end instead of row by row.
      droppedIndexes: [...carried, ...(empty ? dropDealIndexes(ctx.sqlite) : [])],
      ...(bulk ? { bulk: newBulkProgress() } : {}),
    };
    saveCheckpoint(ctx.kv, cp);
  }
  ctx.progress.estimate(cp.estimate);
  ctx.progress.phase('fetching');

  if (cp.phase === 'fetch' && cp.mode === 'bulk') {
    ctx.notes.method = 'bulk';
    try {
      await fetchBulk(ctx, cp, ctx.bulk.follow);
    } catch (e) {
      if (!bulkGivesWay(e)) throw e;
      // Keep what was stored (its generation mark stays); fetch everything again through COQL.
      ctx.notes.bulkFallback = errorMessage(e);
      cp.mode = ctx.fs.coqlColumns ? 'coql' : 'records';
      cp.planned = false;
      cp.parts = [{ after: null, hi: null, done: false }];
      cp.pageToken = null;
      delete cp.bulk;
      saveCheckpoint(ctx.kv, cp);
    }
  }
  if (cp.mode !== 'bulk') ctx.notes.method = cp.mode;

  if (cp.phase === 'fetch' && cp.mode === 'coql') {
    try {
      await fetchCoql(ctx, cp, probe ?? null);
    } catch (e) {
      if (!coqlCannotServe(e)) throw e;
      // Keep what was fetched (its generation mark stays); continue with Get Records.
      cp.mode = 'records';
      cp.pageToken = null;
      saveCheckpoint(ctx.kv, cp);
    }
  }
  if (cp.phase === 'fetch' && cp.mode === 'records') await fetchRecords(ctx, cp);
  finalize(ctx, cp);
  return { resumed };
}

/**
 * Bulk Read for a new full sync when the org holds more deals than the setting says (0 turns it
 * off) and the fields can be named from its CSV the way COQL names them.
 */
function useBulkRead(ctx: RunContext, deals: number | null): boolean {
  return ctx.bulk.minDeals > 0 && deals !== null && deals > ctx.bulk.minDeals && ctx.fs.coqlColumns !== null;
}

/**
 * Any failure of the Bulk Read job gives way to COQL; being offline, cancelled, signed out or
 * rate-limited does not (COQL would fail the same way): the run fails and resumes Bulk Read.
 */
function bulkGivesWay(e: unknown): boolean {
  const code = errorCode(e);
  if (code === 'LEASE_LOST' || code === 'TOO_MANY_REQUESTS' || code === 'CREDIT_BUDGET_EXHAUSTED') return false;
  return classifyError(e) === 'error';
}

/** 400-class answers about the query itself (not auth, limits or faults) mean COQL cannot serve. */
function coqlCannotServe(e: unknown): boolean {
  const code = errorCode(e);
  const status = (e as { status?: unknown } | null)?.status;
  return (
    code === 'OAUTH_SCOPE_MISMATCH' ||
    code === 'INVALID_QUERY' ||
    code === 'SYNTAX_ERROR' ||
    code === 'NOT_SUPPORTED' ||
    code === 'LIMIT_EXCEEDED' ||
    code === 'INVALID_DATA' ||
    (status === 400 && code !== 'INVALID_TOKEN')
  );
}

async function fetchCoql(ctx: RunContext, cp: FullCheckpoint, probe: Promise<RangeProbe> | null): Promise<void> {
  const size = Math.min(ctx.pageSize, COQL_PAGE_MAX);
  if (!cp.planned) {
    // The engine started the probe alongside the metadata calls; without one, probe now.
    const p = await (probe ?? probeRange(ctx.api, size, ctx.signal));
    ctx.checkLease();
    cp.planned = true;
    cp.startedAtMs = runStart(cp.startedAtMs, p.serverDate);
    const lastId = p.ids.at(-1) ?? null;
    if (!p.more || lastId === null || p.maxId === null) {
      cp.parts = [{ after: null, hi: null, done: false }];
      cp.estimate = p.ids.length;
    } else {
      // The first `size` ids are one part; the rest of the range is split by their density.
      cp.parts = [
        { after: null, hi: lastId, done: false },
        ...splitRange(p.ids[0], lastId, p.ids.length, p.maxId, size),
      ];
      cp.estimate = p.ids.length + (cp.parts.length - 1) * size;
    }
    saveCheckpoint(ctx.kv, cp);
    ctx.progress.estimate(cp.estimate);
  }
  await runPool(ctx, cp, size);
}

/** Workers take the next unfinished part; a part whose page came back full is split if workers idle. */
async function runPool(ctx: RunContext, cp: FullCheckpoint, size: number): Promise<void> {
  const inflight = new Set<RangePart>();
  const stop = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stop.signal]);
  let failure: unknown = null;
  const next = () => cp.parts.find((p) => !p.done && !inflight.has(p));
  const worker = async () => {
    for (let part = next(); part && !failure; part = next()) {
      inflight.add(part);
      try {
        const p = part;
        const after = p.after;
        const page = await fetchCoqlPage(ctx.api, ctx.fs, after, p.hi, size, signal);
        if (failure) return;
        const index = cp.parts.indexOf(p);
        commitPage(ctx, cp, page.rows, index, after, () => {
          p.after = page.rows.at(-1)?.id ?? p.after;
          p.done = !page.more || page.rows.length < size;
          // Denser than planned, with workers idle: give half of what is left to another worker.
          if (!p.done && cp.parts.filter((x) => !x.done).length < ctx.concurrency) {
            const second = splitPart(p);
            if (second) cp.parts.splice(index + 1, 0, second);
          }
        });
      } catch (e) {
        if (!failure) failure = e;
        stop.abort();
      } finally {
        inflight.delete(part);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, ctx.concurrency) }, worker));
  if (failure) throw failure;
}

async function fetchRecords(ctx: RunContext, cp: FullCheckpoint): Promise<void> {
  let restarts = 0;
  for (;;) {
    let page;
    try {
      page = await fetchRecordsPage(ctx.api, ctx.fs, {
        pageToken: cp.pageToken,
        sinceMs: null,
        sortBy: 'id',
        signal: ctx.signal,
      });
    } catch (e) {
      // A page_token lives a day and is bound to its request: a sync resumed later (or with other
      // fields) starts the listing again, under a new generation, so deals deleted while it was
      // away are not kept by the old mark. Seeing the rest again is cheap (ingest skips unchanged).
      if (cp.pageToken && isStalePageToken(e) && restarts++ < PAGE_TOKEN_RESTARTS) {
        cp.pageToken = null;
        cp.gen = nextGeneration(ctx.kv, ctx.sqlite);
        saveCheckpoint(ctx.kv, cp);
        continue;
      }
      throw e;
    }
    const token = cp.pageToken;
    commitPage(ctx, cp, page.rows, 0, token, () => {
      cp.pageToken = page.more ? page.nextToken : null;
      if (!page.more) cp.parts = [{ after: null, hi: null, done: true }];
    });
    if (!page.more || !page.nextToken) return;
  }
}

/**
 * Everything was fetched: remove the deals this generation did not see, move the delta cursor to
 * when the full sync started (changes made during it are picked up by the next delta), and drop
 * the checkpoint — all in one transaction, after the fail-safe agreed.
 */
function finalize(ctx: RunContext, cp: FullCheckpoint): void {
  ctx.progress.phase('finalizing');
  if (cp.phase !== 'finalize') {
    cp.phase = 'finalize';
    saveCheckpoint(ctx.kv, cp);
  }
  if (cp.droppedIndexes?.length) {
    ctx.progress.phase('indexing');
    restoreIndexes(ctx.sqlite, cp.droppedIndexes);
    cp.droppedIndexes = [];
    saveCheckpoint(ctx.kv, cp);
  }
  // Generations only grow, so "not seen by this one" is an index range (plus the never-stamped).
  const absent = ctx.sqlite
    .prepare('SELECT id FROM deals WHERE sync_gen < ? OR sync_gen IS NULL')
    .pluck()
    .all(cp.gen) as string[];
  const local = ctx.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number;
  checkFailsafe(ctx.kv, 'full', absent.length, local, ctx.failsafePercent);
  ctx.checkLease();
  ctx.counts.removed += ctx.ingest.remove(absent, (removed) => {
    ctx.recordProgress({ added: 0, changed: 0 }, removed);
    ctx.kv.set(KV.deltaCursor, new Date(cp.startedAtMs - ctx.overlapMs).toISOString());
    ctx.kv.delete(KV.fullCheckpoint);
    ctx.kv.delete(KV.needsFull);
    clearFailsafe(ctx.kv);
  }).length;
}
