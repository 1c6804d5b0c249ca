import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../src-shared/contract/schemas';
import { CurrencyRepo } from '../core/currency/currency-repo';
import { openStore, type Store } from '../core/store/open-store';
import { dropDealIndexes, fastWrites, restoreIndexes } from '../core/sync/bulk-load';
import { buildFieldSet } from '../core/sync/field-set';
import { Ingestor } from '../core/sync/ingest';
import { guessMapping } from '../core/sync/mapping-guess';
import { normalizeRecord, type ZohoRecord } from '../core/sync/normalize';
import { generateDeals } from '../sandbox/index';
import { FIELD_DEFS } from '../sandbox/metadata';

/** N sandbox-generated deals, normalized as the sync engine would store them (not timed). */
export function normalizedDeals(
  n: number,
  seed = 5,
): { records: ZohoRecord[]; mapping: ReturnType<typeof guessMapping> } {
  const fields = FIELD_DEFS.Deals.map((f) => ({
    apiName: f.api,
    label: f.label,
    dataType: f.type,
    custom: Boolean(f.custom),
  }));
  const mapping = guessMapping(fields);
  const set = buildFieldSet(fields, mapping);
  return {
    records: generateDeals({ count: n, seed, nowMs: Date.now() }).map((d) => normalizeRecord(d, set, false)),
    mapping,
  };
}

/** Writes the records the way a first full sync does: pages of 2,000, indexes built at the end. */
export function loadDeals(
  store: Store,
  records: readonly ZohoRecord[],
  mapping: ReturnType<typeof guessMapping>,
): void {
  const ingestor = new Ingestor(
    store.sqlite,
    mapping,
    new CurrencyRepo(store.sqlite).rateTable(DEFAULT_SETTINGS.homeCurrency),
  );
  const restore = fastWrites(store.sqlite);
  const dropped = dropDealIndexes(store.sqlite);
  for (let i = 0; i < records.length; i += 2000) ingestor.page(records.slice(i, i + 2000), 1);
  restoreIndexes(store.sqlite, dropped);
  restore();
}

/** A throwaway data folder holding a store with N deals; `dispose` removes it. */
export async function storeWithDeals(n: number): Promise<{ dir: string; store: Store; dispose(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-'));
  const store = openStore(dir);
  const { records, mapping } = normalizedDeals(n);
  loadDeals(store, records, mapping);
  return {
    dir,
    store,
    async dispose() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
