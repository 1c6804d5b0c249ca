import type { Database } from 'better-sqlite3';
import type { IndexDef } from './bulk-load';
import { KV, type SyncKv } from './state-kv';

/** One id range of a COQL full sync: deals with `after < id <= hi` (hi null = no upper end). */
export interface RangePart {
  after: string | null;
  hi: string | null;
  done: boolean;
}

/**
 * Everything a full sync needs to continue after a crash, kill or quit (Joplin's rule: save the
 * remote cursor after every page). Written in the same transaction as each page's deals.
 */
export interface FullCheckpoint {
  version: 1;
  /** Generation stamped on every deal this sync sees; deals without it are removed at the end. */
  gen: number;
  /** When the first attempt started (server clock when known): the next delta starts here. */
  startedAtMs: number;
  mode: 'coql' | 'records' | 'bulk';
  /** FieldSet.key: a checkpoint taken with other fields is not resumed. */
  fieldsKey: string;
  /** COQL: false until the first page and the max-id probe split the id range. */
  planned: boolean;
  parts: RangePart[];
  /** Get Records mode: the token of the next page. */
  pageToken: string | null;
  phase: 'fetch' | 'finalize';
  fetched: number;
  estimate: number | null;
  /** Indexes dropped for a bulk load into an empty cache; rebuilt at finalize. */
  droppedIndexes?: IndexDef[];
  /** Bulk Read mode: which result file is next and the jobs already asked for. */
  bulk?: BulkProgress;
}

/** Where a Bulk Read full sync stands; saved with the last batch of every file. */
export interface BulkProgress {
  /** The result file (Zoho's `page`, 1-based) to read next. */
  page: number;
  /** Jobs created and not yet read, by page (the next one is created while a file is read). */
  jobs: { page: number; id: string }[];
  /** Files fully stored. */
  files: number;
  /** Highest deal id of the last stored file: the next file must continue right after it. */
  lastId: string | null;
}

export function loadCheckpoint(kv: SyncKv): FullCheckpoint | undefined {
  const cp = kv.get<FullCheckpoint>(KV.fullCheckpoint);
  return cp?.version === 1 ? cp : undefined;
}

export function saveCheckpoint(kv: SyncKv, cp: FullCheckpoint): void {
  kv.set(KV.fullCheckpoint, cp);
}

/** A fresh generation number, larger than any a deal carries (survives a wiped sync_state). */
export function nextGeneration(kv: SyncKv, sqlite: Database): number {
  const maxInDeals = (sqlite.prepare('SELECT max(sync_gen) FROM deals').pluck().get() as number | null) ?? 0;
  const gen = Math.max(kv.get<number>(KV.fullGen) ?? 0, maxInDeals) + 1;
  kv.set(KV.fullGen, gen);
  return gen;
}

/** The checkpoint log (sync_pages): one row per committed page, for diagnosis and tests. */
export function logPage(
  sqlite: Database,
  row: {
    runId: number;
    gen: number;
    kind: string;
    part: number;
    after: string | null;
    lastId: string | null;
    rows: number;
  },
): void {
  sqlite
    .prepare(
      'INSERT INTO sync_pages (run_id, gen, kind, part, after_id, last_id, rows, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(row.runId, row.gen, row.kind, row.part, row.after, row.lastId, row.rows, new Date().toISOString());
}

/**
 * Splits (after, maxId] into parts expected to hold about one page each, from the density of the
 * first page (rows per id unit). The last part is open-ended so deals created during the sync,
 * with ids above maxId, are fetched too.
 */
export function splitRange(
  firstId: string,
  lastId: string,
  rowsInFirst: number,
  maxId: string,
  pageSize: number,
): RangePart[] {
  const lo = BigInt(lastId);
  const hi = BigInt(maxId);
  if (hi <= lo) return [{ after: lastId, hi: null, done: false }];
  const span = hi - lo;
  const width = BigInt(lastId) - BigInt(firstId) + 1n;
  const density = rowsInFirst / Number(width > 0n ? width : 1n);
  const estimate = Number(span) * density;
  const k = Math.max(1, Math.min(10_000, Math.ceil(estimate / pageSize)));
  const parts: RangePart[] = [];
  let prev = lo;
  for (let j = 1; j <= k; j++) {
    const bound = j === k ? null : lo + (span * BigInt(j)) / BigInt(k);
    if (bound !== null && bound <= prev) continue;
    parts.push({ after: String(prev), hi: bound === null ? null : String(bound), done: false });
    if (bound !== null) prev = bound;
  }
  return parts;
}

/** Splits one part in two at the middle of its remaining ids (when a range turns out dense). */
export function splitPart(p: RangePart): RangePart | null {
  if (p.hi === null || p.after === null) return null;
  const a = BigInt(p.after);
  const b = BigInt(p.hi);
  if (b - a < 2n) return null;
  const mid = a + (b - a) / 2n;
  const second: RangePart = { after: String(mid), hi: p.hi, done: false };
  p.hi = String(mid);
  return second;
}
