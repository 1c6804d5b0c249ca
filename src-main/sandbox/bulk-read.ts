/**
 * Zoho's Bulk Read API (`/crm/bulk/v8/read`), as documented (src-main/sandbox/README.md, "Bulk
 * Read"): a job exports one page of up to 200,000 records of a module; it goes ADDED → IN PROGRESS
 * → COMPLETED (or FAILURE) after a realistic delay; its result is a zip holding `{job_id}.csv`,
 * downloadable for a day, at most 10 downloads a minute (429 beyond). `result.more_records` says
 * whether page + 1 has records. A callback URL, when given, receives the job's details once it
 * completed or failed.
 */
import { Zip } from 'fflate';
import { csvLine, headerCells, rowWriter } from './bulk-csv';
import { OWNERS } from './catalog';
import { LOOKUP_SUBFIELDS } from './coql';
import type { Crm } from './crm';
import { json, parseJsonBody, zohoError, type Reply, type Req } from './http';
import { DEAL_FIELD_BY_API, MODULE_IDS } from './metadata';
import type { Route } from './router';
import { zohoDateTime } from './time';
import { ZlibZipDeflate } from './zip-deflate-zlib';

export const BULK_PER_FILE = 200_000;
/** Zoho's figures (README): creating a job costs 50 credits; details and downloads 1 each. */
export const BULK_CREATE_CREDITS = 50;
const RESULT_TTL_MS = 24 * 3600_000;
const JOB_ID_BASE = 5843210000009000000n;
const BULK_SCOPE = /(^|[,\s])ZohoCRM\.bulk\.(READ|ALL)($|[,\s])/i;
const MODULE_SCOPE = /(^|[,\s])ZohoCRM\.modules\.(ALL|READ|deals\.(ALL|READ))($|[,\s])/i;

export type BulkState = 'ADDED' | 'IN PROGRESS' | 'COMPLETED' | 'FAILURE';

export interface BulkReadOptions {
  /** From creation to COMPLETED (at least; building a big file can take longer). Default 2 s. */
  delayMs: number;
  /** Records per result file (Zoho: 200,000). */
  perFile: number;
  /** Downloads allowed per window (Zoho: 10 a minute). */
  downloadsPerWindow: number;
  downloadWindowMs: number;
}

export const DEFAULT_BULK_OPTIONS: BulkReadOptions = {
  delayMs: 2000,
  perFile: BULK_PER_FILE,
  downloadsPerWindow: 10,
  downloadWindowMs: 60_000,
};

interface Job {
  id: string;
  state: BulkState;
  fields: string[] | null;
  page: number;
  createdMs: number;
  callback: string | null;
  count: number;
  more: boolean;
  zip: Uint8Array | null;
  completedMs: number | null;
  downloads: number;
}

export interface BulkRoute extends Route {
  /** Checked against the access token's scope before the call runs (two scopes: bulk and modules). */
  scopeOk: (scope: string) => boolean;
}

export class BulkReads {
  options: BulkReadOptions;
  /** The next this-many jobs end in FAILURE (control API / tests). */
  failNext = 0;
  /** Every job for this page (result file) ends in FAILURE: a failure after earlier files were stored. */
  failPage: number | null = null;
  /** The next this-many jobs complete with a damaged zip (cut in half): every download of it is broken. */
  damageNext = 0;
  /** The next this-many downloads send only the first half of a good zip, as a transfer cut short by the network would. */
  cutNextDownloads = 0;
  /** Counters for stats. */
  downloads = 0;
  downloadsRefused = 0;
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly downloadTimes: number[] = [];
  private seq = 0;

  constructor(
    private readonly crm: Crm,
    private readonly now: () => number,
    options: Partial<BulkReadOptions> = {},
  ) {
    this.options = { ...DEFAULT_BULK_OPTIONS, ...options };
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** The route for a `/crm/bulk/v8/read…` call, or null when the path is not one. */
  route(req: Req): BulkRoute | null {
    const seg = req.path.replace(/\/+$/, '').split('/').filter(Boolean);
    if (seg[0] !== 'crm' || seg[1] !== 'bulk' || seg[2] !== 'v8' || seg[3] !== 'read') return null;
    const scopeOk = (s: string) => BULK_SCOPE.test(s) && MODULE_SCOPE.test(s);
    if (seg.length === 4 && req.method === 'POST')
      return { key: 'POST /crm/bulk/v8/read', credits: BULK_CREATE_CREDITS, scopeOk, run: () => this.create(req) };
    if (seg.length === 5 && req.method === 'GET')
      return { key: 'GET /crm/bulk/v8/read/{job_id}', credits: 1, scopeOk, run: () => this.details(seg[4]) };
    if (seg.length === 6 && seg[5] === 'result' && req.method === 'GET')
      return { key: 'GET /crm/bulk/v8/read/{job_id}/result', credits: 1, scopeOk, run: () => this.download(seg[4]) };
    return null;
  }

  private create(req: Req): Reply {
    if (!req.body.trim()) return zohoError(400, 'REQUEST_BODY_IS_EMPTY', 'request body is empty');
    const parsed = parseJsonBody(req);
    const body = parsed.ok ? (parsed.value as Record<string, unknown> | null) : null;
    if (!body || typeof body !== 'object')
      return zohoError(400, 'INVALID_REQUEST', 'the request body is not valid JSON');
    const query = body.query as Record<string, unknown> | undefined;
    const moduleName = (query?.module as { api_name?: unknown } | undefined)?.api_name;
    if (!query || typeof moduleName !== 'string') return zohoError(400, 'INVALID_REQUEST', 'query.module is required');
    if (moduleName !== 'Deals')
      return zohoError(400, 'MODULE_NOT_SUPPORTED', 'the sandbox exports only the Deals module', {});
    if (query.cvid !== undefined && query.cvid !== null)
      return zohoError(400, 'CVID_NOT_SUPPORTED', 'the sandbox has no custom views');
    if (query.criteria !== undefined && query.criteria !== null)
      return zohoError(400, 'NOT_SUPPORTED_FEATURE', 'the sandbox does not filter bulk reads', {});
    const page = query.page === undefined || query.page === null ? 1 : query.page;
    if (!Number.isInteger(page) || (page as number) < 1)
      return zohoError(400, 'INVALID_DATA', 'page must be a positive integer', {
        api_name: 'page',
        supported_values: [],
      });
    let fields: string[] | null = null;
    if (query.fields !== undefined && query.fields !== null) {
      if (!Array.isArray(query.fields) || query.fields.some((f) => typeof f !== 'string'))
        return zohoError(400, 'INVALID_REQUEST', 'fields must be an array of API names');
      fields = (query.fields as string[]).filter((f) => f !== 'id' && f !== 'Id');
      const unknown = fields.find((f) => !knownColumn(f));
      if (unknown) return zohoError(400, 'FIELD_NOT_AVAILABLE', `the field ${unknown} is not available`);
    }
    let callback: string | null = null;
    if (body.callback !== undefined && body.callback !== null) {
      const cb = body.callback as { url?: unknown; method?: unknown };
      if (cb.method !== 'post')
        return zohoError(400, 'INVALID_CALLBACK_METHOD', 'invalid callback method', {
          supported_callback_methods: ['post'],
        });
      if (typeof cb.url !== 'string' || !/^https?:\/\//i.test(cb.url))
        return zohoError(400, 'INVALID_CALLBACK_URL', 'invalid callback url', {});
      callback = cb.url;
    }
    if (body.file_type !== undefined && body.file_type !== 'csv')
      return zohoError(400, 'INVALID_DATA', 'file_type must be csv for Deals', {
        api_name: 'file_type',
        supported_values: ['csv'],
      });
    const job: Job = {
      id: String(JOB_ID_BASE + BigInt(++this.seq)),
      state: 'ADDED',
      fields,
      page: page as number,
      createdMs: this.now(),
      callback,
      count: 0,
      more: false,
      zip: null,
      completedMs: null,
      downloads: 0,
    };
    this.jobs.set(job.id, job);
    this.schedule(job);
    const { id, operation, state, created_by, created_time } = this.jobJson(job);
    return json(201, {
      data: [
        {
          status: 'success',
          code: 'ADDED_SUCCESSFULLY',
          message: 'Added successfully.',
          details: { id, operation, state, created_by, created_time },
        },
      ],
      info: {},
    });
  }

  private details(id: string): Reply {
    const job = this.live(id);
    if (!job) return notFound();
    return json(200, { data: [this.jobJson(job)] });
  }

  private download(id: string): Reply {
    const job = this.live(id);
    if (!job || job.state !== 'COMPLETED' || !job.zip) return notFound();
    const now = this.now();
    while (this.downloadTimes.length && this.downloadTimes[0] <= now - this.options.downloadWindowMs)
      this.downloadTimes.shift();
    if (this.downloadTimes.length >= this.options.downloadsPerWindow) {
      this.downloadsRefused++;
      return zohoError(429, 'TOO_MANY_REQUESTS', 'Only 10 download requests are allowed in a minute.');
    }
    this.downloadTimes.push(now);
    this.downloads++;
    job.downloads++;
    let body = job.zip;
    if (this.cutNextDownloads > 0) {
      this.cutNextDownloads--;
      body = body.subarray(0, Math.floor(body.length / 2));
    }
    return {
      status: 200,
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${job.id}.zip"` },
      body,
    };
  }

  /** A job, unless its result has expired (a day after it completed). */
  private live(id: string): Job | undefined {
    const job = this.jobs.get(id);
    if (job && job.completedMs !== null && this.now() - job.completedMs > RESULT_TTL_MS) {
      this.jobs.delete(id);
      return undefined;
    }
    return job;
  }

  private jobJson(job: Job) {
    const creator = OWNERS[0];
    return {
      id: job.id,
      operation: 'read',
      state: job.state,
      query: {
        module: { api_name: 'Deals', id: MODULE_IDS.Deals },
        page: job.page,
        ...(job.fields ? { fields: job.fields } : {}),
      },
      created_by: { id: creator.id, name: `${creator.first} ${creator.last}` },
      created_time: zohoDateTime(job.createdMs),
      file_type: 'csv',
      ...(job.state === 'COMPLETED'
        ? {
            result: {
              page: job.page,
              count: job.count,
              download_url: `/crm/bulk/v8/read/${job.id}/result`,
              per_page: this.options.perFile,
              more_records: job.more,
            },
          }
        : {}),
    };
  }

  /** ADDED → IN PROGRESS after a quarter of the delay; the file is built; COMPLETED once the delay has passed. */
  private schedule(job: Job): void {
    const delay = this.options.delayMs;
    this.later(delay / 4, async () => {
      job.state = 'IN PROGRESS';
      const fail = this.failNext > 0 || job.page === this.failPage;
      if (this.failNext > 0) this.failNext--;
      if (!fail) await this.build(job);
      const left = job.createdMs + delay - this.now();
      this.later(Math.max(0, left), () => {
        job.state = fail ? 'FAILURE' : 'COMPLETED';
        job.completedMs = this.now();
        if (fail) job.zip = null;
        this.notify(job);
      });
    });
  }

  private later(ms: number, fn: () => void | Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      void fn();
    }, ms);
    this.timers.add(t);
  }

  /**
   * The page's records (id order) as a zipped CSV, built in slices so the server keeps answering;
   * the compression runs on zlib's thread while the next slice is written.
   */
  private async build(job: Job): Promise<void> {
    const all = this.crm.store.sorted('id');
    const from = (job.page - 1) * this.options.perFile;
    const slice = all.slice(from, from + this.options.perFile);
    const columns = job.fields ?? allColumns();
    const parts: Uint8Array[] = [];
    const zipped = new Promise<void>((resolve, reject) => {
      const zip = new Zip((err, data, final) => {
        if (err) return reject(err);
        parts.push(data);
        if (final) resolve();
      });
      const file = new ZlibZipDeflate(`${job.id}.csv`, 1);
      zip.add(file);
      const line = rowWriter(columns);
      file.push(Buffer.from(csvLine(headerCells(columns))));
      void (async () => {
        for (let i = 0; i < slice.length; i += 2000) {
          let text = '';
          for (const e of slice.slice(i, i + 2000)) text += line(e.rec);
          file.push(Buffer.from(text));
          await file.room();
          await new Promise((r) => setImmediate(r));
        }
        file.push(new Uint8Array(0), true);
        zip.end();
      })().catch(reject);
    });
    await zipped;
    job.zip = Buffer.concat(parts);
    if (this.damageNext > 0) {
      this.damageNext--;
      job.zip = job.zip.subarray(0, Math.floor(job.zip.length / 2));
    }
    job.count = slice.length;
    job.more = all.length > from + this.options.perFile;
  }

  private notify(job: Job): void {
    if (!job.callback) return;
    const body = JSON.stringify({ job_id: job.id, ...this.jobJson(job) });
    void fetch(job.callback, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).catch(
      () => undefined,
    );
  }

  /** For the control API and tests: the jobs without their files, with how often each was downloaded. */
  list(): { id: string; state: BulkState; page: number; count: number; more: boolean; downloads: number }[] {
    return [...this.jobs.values()].map(({ id, state, page, count, more, downloads }) => ({
      id,
      state,
      page,
      count,
      more,
      downloads,
    }));
  }
}

function knownColumn(name: string): boolean {
  const [base, sub, ...rest] = name.split('.');
  if (!DEAL_FIELD_BY_API.has(base) || rest.length) return false;
  return sub === undefined || Boolean(LOOKUP_SUBFIELDS[base]?.includes(sub));
}

function allColumns(): string[] {
  return [...DEAL_FIELD_BY_API.keys()];
}

const notFound = () =>
  zohoError(404, 'RESOURCE_NOT_FOUND', 'the requested resource is not found', { resource: 'job_id' });
