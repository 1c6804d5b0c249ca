/**
 * Import test helpers: a core on a fresh profile (the Zoho CRM workspace, as `pulse web` opens it)
 * and the wizard's calls in order — begin, chunks, analyze, check, run — through the dispatcher,
 * exactly as the renderer makes them.
 */
import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { CallArgs, CallName, CallResult } from '../../src-shared/contract/calls';
import { IMPORT_CHUNK_BYTES } from '../../src-shared/contract/io-schemas';
import { ApiError } from '../../src-shared/contract/errors';
import { createCore, type Core } from '../../src-main/core/core';
import { openStore } from '../../src-main/core/store/open-store';
import { tempDir } from './temp-dir';

export async function call<K extends CallName>(core: Core, name: K, args: CallArgs<K>): Promise<CallResult<K>> {
  const outcome = await core.dispatch(name, args);
  if (!outcome.ok) throw new ApiError(outcome.error);
  return outcome.result as CallResult<K>;
}

export function profileCore(profileDir = tempDir('pulse-import-')): Core {
  return createCore({
    dataDir: profileDir,
    profileDir,
    host: 'test',
    sync: { autoStart: false },
    o2r: { today: () => '2026-05-06' },
  });
}

export interface WizardRun {
  uploadId: string;
  analysis: CallResult<'import.analyze'>;
  /** Null when the check itself refused the file (the error says why). */
  check: CallResult<'import.check'>;
  run: CallResult<'import.run'> | null;
  error: ApiError | null;
}

/** The wizard's path: upload in chunks, analyze, check with the suggested mapping, run when clean. */
export async function importViaApi(
  core: Core,
  bytes: Uint8Array,
  opts: {
    workspace?: string;
    dateOrder?: 'dmy' | 'mdy';
    mapping?: Record<string, string>;
    confirmRemovals?: boolean;
    run?: boolean;
  } = {},
): Promise<WizardRun> {
  const { uploadId } = await call(core, 'import.begin', { fileName: 'Deals_export.csv', size: bytes.length });
  for (let at = 0; at < bytes.length; at += IMPORT_CHUNK_BYTES)
    await call(core, 'import.chunk', {
      uploadId,
      offset: at,
      data: Buffer.from(bytes.subarray(at, at + IMPORT_CHUNK_BYTES)).toString('base64'),
    });
  const analysis = await call(core, 'import.analyze', { uploadId });
  const choice = {
    uploadId,
    mapping: { ...analysis.mapping, ...(opts.mapping ?? {}) } as CallArgs<'import.check'>['mapping'],
    dateOrder: opts.dateOrder ?? analysis.detectedDateOrder ?? 'dmy',
    workspace: opts.workspace ?? 'Zoho CSV import',
  };
  let check: CallResult<'import.check'>;
  try {
    check = await call(core, 'import.check', choice);
  } catch (e) {
    return { uploadId, analysis, check: null as never, run: null, error: e as ApiError };
  }
  if (opts.run === false) return { uploadId, analysis, check, run: null, error: null };
  try {
    const run = await call(core, 'import.run', { ...choice, confirmRemovals: opts.confirmRemovals ?? false });
    return { uploadId, analysis, check, run, error: null };
  } catch (e) {
    return { uploadId, analysis, check, run: null, error: e as ApiError };
  }
}

/** The typed columns of a workspace's deals, by id (what every screen reads). */
export const TYPED_COLUMNS =
  'id, name, account_name, owner_name, stage, probability, amount, currency, exchange_rate, amount_home, rate_source, closing_date, territory, country, service_line, proposal_date, sow_date, po_date, kickoff_date, invoice_date, payment_date, revenue_date';

export function typedDeals(sqlite: Database.Database): Map<string, Record<string, unknown>> {
  const rows = sqlite.prepare(`SELECT ${TYPED_COLUMNS} FROM deals ORDER BY id`).all() as Record<string, unknown>[];
  return new Map(rows.map((r) => [r.id as string, r]));
}

/** Opens a workspace folder's store for a moment and returns its typed deals. */
export async function workspaceDeals(dataDir: string): Promise<Map<string, Record<string, unknown>>> {
  const store = openStore(dataDir);
  try {
    return typedDeals(store.sqlite);
  } finally {
    await store.close();
  }
}

export function workspaceDir(core: Core, name = 'Zoho CSV import'): string {
  const w = core.ctx.workspaces.imports().find((x) => x.name === name);
  expect(w, `workspace "${name}" exists`).toBeTruthy();
  return w!.dataDir;
}
