import type { BulkProgress, FullCheckpoint } from '../checkpoint';
import { saveCheckpoint } from '../checkpoint';
import { commitPage } from '../commit-page';
import { errorCode } from '../errors';
import { COQL_PAGE_MAX, fetchCoqlPage } from '../fetch-coql';
import { FieldRepo } from '../field-repo';
import type { ZohoRecord } from '../normalize';
import type { RunContext } from '../run-context';
import { BulkReadError, createBulkJob, downloadBulkResult } from './bulk-api';
import { bulkColumns, CsvRecordReader } from './csv-record';
import { followJob, type FollowOptions } from './follow-job';
import { UserDirectory } from './user-directory';
import { openBulkZip, type BulkCsvFile } from './zip-csv';

/**
 * Rows read and committed together. Small enough that a batch's rows and records die in V8's young
 * generation: with 2,000 they outlived it, the old generation grew to ~4× what was live before
 * each full collection, and V8 (Node 22) keeps the pages it once used until the process ends —
 * ~230 MB of them after a 1,000,000-deal first sync, ~150 MB with 500, which also spent ~15% less
 * CPU (ARCHITECTURE.md, "Bulk Read").
 */
const STORE_BATCH = 500;

/** A job Zoho no longer knows (its result expired after a day) is asked for again, this often. */
const MAX_RECREATE = 3;

export const newBulkProgress = (): BulkProgress => ({ page: 1, jobs: [], files: 0, lastId: null });

/**
 * The Bulk Read leg of a full sync (ARCHITECTURE.md, "Bulk Read"): per result file, create the
 * job (the next file's job is created as soon as this one completed, so Zoho prepares it while
 * this one is read), follow it, download the zip and store its rows in batches; file N+1 is
 * followed and downloaded while file N is stored. The last batch of
 * a file is committed together with the checkpoint that moves to the next file, so a kill between
 * files resumes at the next file and never downloads a stored one again. Throws on any failure;
 * the full sync decides whether to fall back to COQL.
 */
export async function fetchBulk(ctx: RunContext, cp: FullCheckpoint, follow: FollowOptions): Promise<void> {
  const b = (cp.bulk ??= newBulkProgress());
  const types = new Map(new FieldRepo(ctx.sqlite).fields().map((f) => [f.apiName, f.dataType]));
  const columns = bulkColumns(ctx.fs, types);
  const users = new UserDirectory(ctx.api, ctx.signal);
  let recreated = 0;
  let next: Promise<ResultFile> | null = null;
  for (;;) {
    const page = b.page;
    let file: ResultFile;
    try {
      ctx.progress.phase('exporting');
      file = await (next ?? resultFile(ctx, cp, page, columns, follow, true));
    } catch (e) {
      next = null;
      if (errorCode(e) !== 'RESOURCE_NOT_FOUND' || ++recreated > MAX_RECREATE) throw e;
      // The job or its result is gone (results are kept for a day): ask for this file again.
      b.jobs = b.jobs.filter((j) => j.page !== page);
      saveCheckpoint(ctx.kv, cp);
      continue;
    }
    // The next file is followed and downloaded while this one is stored (its failure, if any,
    // surfaces when it is awaited above; until then it must not count as unhandled).
    next = file.more ? resultFile(ctx, cp, page + 1, columns, follow, false) : null;
    next?.catch(() => undefined);
    ctx.progress.phase('fetching');
    await storeFile(ctx, cp, b, file.csv, users, types);
    if (!file.more) return;
  }
}

interface ResultFile {
  csv: BulkCsvFile;
  more: boolean;
}

/**
 * One result file: its job created (unless the checkpoint has it), followed until done, and
 * downloaded. As soon as it is done, the next file's job is created, so Zoho prepares it while
 * this one is downloaded and stored. `foreground`: the sync waits for it (it shows the phase).
 * A download that is not a whole zip (a transfer cut short) is downloaded once more before the
 * sync gives up on Bulk Read (ARCHITECTURE.md, "Bulk Read").
 */
async function resultFile(
  ctx: RunContext,
  cp: FullCheckpoint,
  page: number,
  columns: string[],
  follow: FollowOptions,
  foreground: boolean,
): Promise<ResultFile> {
  const jobId = await ensureJob(ctx, cp, page, columns);
  const done = await followJob(ctx.api, jobId, follow, ctx.signal);
  const more = done.result.moreRecords;
  if (more) await ensureJob(ctx, cp, page + 1, columns);
  if (foreground) ctx.progress.phase('downloading');
  return { csv: await downloadWholeZip(ctx, jobId), more };
}

/** The job's zip, opened; downloaded once more when the first download is not a whole zip. */
async function downloadWholeZip(ctx: RunContext, jobId: string): Promise<BulkCsvFile> {
  const download = async () => openBulkZip(await downloadBulkResult(ctx.api, jobId, ctx.signal));
  try {
    return await download();
  } catch (e) {
    if (!(e instanceof BulkReadError)) throw e;
    return download();
  }
}

/** The job for `page`, created (and saved in the checkpoint) unless it already exists. */
async function ensureJob(ctx: RunContext, cp: FullCheckpoint, page: number, columns: string[]): Promise<string> {
  const b = cp.bulk!;
  const known = b.jobs.find((j) => j.page === page);
  if (known) return known.id;
  const id = await createBulkJob(ctx.api, columns, page, ctx.signal, ctx.bulk.callbackUrl);
  ctx.checkLease();
  b.jobs.push({ page, id });
  saveCheckpoint(ctx.kv, cp);
  return id;
}

/**
 * Stores one result file: rows are read and committed in batches; the last batch carries the
 * checkpoint's move to the next file. Then the ids between the previous file's last deal and this
 * file's first are asked for through COQL (none, unless a deletion during the export moved a deal
 * across the page boundary, where no page would hold it).
 */
async function storeFile(
  ctx: RunContext,
  cp: FullCheckpoint,
  b: BulkProgress,
  csv: BulkCsvFile,
  users: UserDirectory,
  types: ReadonlyMap<string, string>,
): Promise<void> {
  const page = b.page;
  let reader: CsvRecordReader | null = null;
  let pending: ZohoRecord[] | null = null;
  let minId: string | null = null;
  let maxId: string | null = null;
  for await (const rows of csv.rows(STORE_BATCH)) {
    let body = rows;
    if (!reader) {
      reader = new CsvRecordReader(rows[0], ctx.fs, types, users);
      body = rows.slice(1);
    }
    for (const [field, ids] of reader.userIds(body)) await users.resolve(ids, ctx.fs.coqlColumns ? field : null);
    const records = body.map((r) => reader!.record(r));
    for (const r of records) {
      if (minId === null || idLess(r.id, minId)) minId = r.id;
      if (maxId === null || idLess(maxId, r.id)) maxId = r.id;
    }
    if (pending) commitPage(ctx, cp, pending, page, null, () => {});
    pending = records;
  }
  if (!reader) throw new BulkReadError(`Bulk Read file ${page} is empty (not even a header row).`);
  const previousLast = b.lastId;
  commitPage(ctx, cp, pending ?? [], page, null, () => {
    b.jobs = b.jobs.filter((j) => j.page !== page);
    b.page = page + 1;
    b.files++;
    if (maxId !== null && (b.lastId === null || idLess(b.lastId, maxId))) b.lastId = maxId;
  });
  if (previousLast !== null && minId !== null && idLess(previousLast, minId) && ctx.fs.coqlColumns)
    await fillGap(ctx, cp, previousLast, (BigInt(minId) - 1n).toString(), page);
}

/** Deals with previousLast < id <= upTo, through COQL keyset pages (usually one empty answer). */
async function fillGap(ctx: RunContext, cp: FullCheckpoint, after: string, upTo: string, page: number): Promise<void> {
  let cursor = after;
  for (;;) {
    const res = await fetchCoqlPage(ctx.api, ctx.fs, cursor, upTo, COQL_PAGE_MAX, ctx.signal);
    if (res.rows.length) commitPage(ctx, cp, res.rows, page, cursor, () => {});
    if (!res.more || res.rows.length < COQL_PAGE_MAX) return;
    cursor = res.rows.at(-1)!.id;
  }
}

/** Ids are decimal strings of up to 19+ digits: compare by length, then text. */
function idLess(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}
