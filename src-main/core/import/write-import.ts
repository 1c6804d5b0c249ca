/**
 * Writing a checked export into a workspace's store, all or nothing: one transaction holds the
 * field metadata and mapping the file implies, the currencies it carries, every deal (through the
 * sync's Ingestor, so home amounts, typed columns and the raw record are derived exactly as for a
 * synced deal), the removal of deals the newer export no longer has, the day's snapshot and the
 * history row. Re-importing matches deals by record id; unchanged rows are not rewritten.
 */
import type { Database } from 'better-sqlite3';
import { CurrencyRepo, type OrgCurrency } from '../currency/currency-repo';
import { FieldRepo, type StageInfo } from '../sync/field-repo';
import { Ingestor } from '../sync/ingest';
import { dropDealIndexes, fastWrites, restoreIndexes } from '../sync/bulk-load';
import { FAILSAFE_MIN_DEALS } from '../sync/failsafe';
import { markHomeCurrency } from '../sync/home-amounts';
import { MAPPING_ROLES, MILESTONE_ROLES, type FieldInfo, type MappingRole } from '../sync/mapping-guess';
import type { ZohoRecord } from '../sync/normalize';
import { RunsRepo } from '../sync/runs';
import { takeSnapshot } from '../sync/snapshots';
import { KV, SyncKv } from '../sync/state-kv';
import type { ImportTarget } from './columns';
import type { FileCheck } from './check-file';
import { ImportRemovalsError } from './errors';

export interface ImportDiff {
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  /** Deals already in the workspace before the import. */
  before: number;
}

export interface ImportOutcome extends ImportDiff {
  total: number;
  durationMs: number;
}

/** What an import would do to the workspace, without writing. */
export function diffImport(sqlite: Database, records: readonly ZohoRecord[]): ImportDiff {
  const lookup = sqlite.prepare('SELECT raw FROM deal_raw WHERE id = ?').pluck();
  const before = sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number;
  if (before === 0) return { added: records.length, changed: 0, unchanged: 0, removed: 0, before };
  let added = 0;
  let changed = 0;
  let unchanged = 0;
  for (const r of records) {
    const raw = lookup.get(r.id) as string | undefined;
    if (raw === undefined) added++;
    else if (raw === JSON.stringify(r)) unchanged++;
    else changed++;
  }
  return { added, changed, unchanged, removed: before - changed - unchanged, before };
}

/** Zoho's forecast type from a stage name (a CSV has no metadata): "Closed Won", "Closed Lost", else Open. */
function forecastType(stage: string): string {
  const s = stage.toLowerCase();
  if (/\blost\b/.test(s)) return 'Closed Lost';
  if (/\bwon\b/.test(s) || s.startsWith('closed')) return 'Closed Won';
  return 'Open';
}

/** The stages seen, in pipeline order (by the highest probability a deal in them has). */
function stagesOf(records: readonly ZohoRecord[]): StageInfo[] {
  const best = new Map<string, number | null>();
  for (const r of records) {
    const s = r.Stage as string;
    const p = r.Probability as number | null;
    const was = best.get(s);
    if (!best.has(s) || (p !== null && (was === null || was === undefined || p > was))) best.set(s, p);
  }
  return [...best.entries()]
    .map(([name, probability]) => ({ name, probability, forecastType: forecastType(name) }))
    .sort((a, b) => (a.probability ?? -1) - (b.probability ?? -1) || a.name.localeCompare(b.name));
}

/**
 * The org's currencies as the export shows them: each deal carries "units of its currency per one
 * unit of the org's home currency"; the currency at rate 1 is that home (base) currency.
 */
function currenciesOf(records: readonly ZohoRecord[], homeCurrency: string): OrgCurrency[] {
  const rates = new Map<string, Map<number, number>>();
  for (const r of records) {
    const c = r.Currency as string | null;
    const x = r.Exchange_Rate as number | null;
    if (!c || x === null) continue;
    const counts = rates.get(c) ?? new Map<number, number>();
    counts.set(x, (counts.get(x) ?? 0) + 1);
    rates.set(c, counts);
  }
  if (rates.size === 0) return [];
  const list = [...rates.entries()].map(([isoCode, counts]) => {
    const exchangeRate = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    return { isoCode, name: null, exchangeRate, isBase: false, isActive: true };
  });
  const base =
    list.find((c) => c.exchangeRate === 1 && c.isoCode === homeCurrency) ?? list.find((c) => c.exchangeRate === 1);
  if (base) base.isBase = true;
  else list.push({ isoCode: homeCurrency, name: null, exchangeRate: 1, isBase: true, isActive: true });
  return list;
}

const DATE_ROLES = new Set<string>(MILESTONE_ROLES);

function fieldsOf(check: FileCheck): (FieldInfo & { readOnly: boolean; json: string })[] {
  const std: [string, string, string][] = [
    ['Deal_Name', 'Deal Name', 'text'],
    ['Account_Name', 'Account Name', 'lookup'],
    ['Owner', 'Deal Owner', 'ownerlookup'],
    ['Stage', 'Stage', 'picklist'],
    ['Probability', 'Probability (%)', 'integer'],
    ['Amount', 'Amount', 'currency'],
    ['Currency', 'Currency', 'picklist'],
    ['Exchange_Rate', 'Exchange Rate', 'double'],
    ['Closing_Date', 'Closing Date', 'date'],
    ['Created_Time', 'Created Time', 'datetime'],
    ['Modified_Time', 'Modified Time', 'datetime'],
  ];
  const out = std.map(([apiName, label, dataType]) => ({ apiName, label, dataType, custom: false }));
  for (const [role, key] of check.roleKeys) {
    out.push({
      apiName: key,
      label: check.labels.get(key) ?? key,
      dataType: DATE_ROLES.has(role) ? 'date' : role === 'serviceLine' ? 'multiselectpicklist' : 'picklist',
      custom: true,
    });
  }
  for (const key of check.extraKeys)
    out.push({ apiName: key, label: check.labels.get(key) ?? key, dataType: 'text', custom: true });
  return out.map((f) => ({
    ...f,
    readOnly: true,
    json: JSON.stringify({ api_name: f.apiName, field_label: f.label, data_type: f.dataType, source: 'import' }),
  }));
}

export interface WriteOptions {
  homeCurrency: string;
  failsafePercent: number;
  confirmRemovals?: boolean;
  fileName: string;
  trigger: 'cli' | 'manual';
}

/** How many deals of the workspace the file no longer has (for the fail-safe; no JSON compared). */
function removals(sqlite: Database, records: readonly ZohoRecord[]): { removed: number; before: number } {
  const before = sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number;
  if (before === 0) return { removed: 0, before };
  const has = sqlite.prepare('SELECT 1 FROM deals WHERE id = ?').pluck();
  let kept = 0;
  for (const r of records) if (has.get(r.id)) kept++;
  return { removed: before - kept, before };
}

export function writeImport(sqlite: Database, check: FileCheck, opts: WriteOptions): ImportOutcome {
  const t0 = Date.now();
  const diff = removals(sqlite, check.records);
  if (
    !opts.confirmRemovals &&
    diff.before >= FAILSAFE_MIN_DEALS &&
    diff.removed > 0 &&
    (diff.removed / diff.before) * 100 > opts.failsafePercent
  )
    throw new ImportRemovalsError(diff.removed, diff.before, opts.failsafePercent);
  const fields = new FieldRepo(sqlite);
  const currency = new CurrencyRepo(sqlite);
  const kv = new SyncKv(sqlite);
  const runs = new RunsRepo(sqlite);
  const keep = diff.removed ? new Set(check.records.map((r) => r.id)) : new Set<string>();
  let outcome: ImportOutcome | null = null;
  // A first import into an empty workspace loads like a first full sync: indexes built once at the end.
  const restoreWrites = fastWrites(sqlite);
  try {
    sqlite.transaction(() => {
      const indexes = diff.before === 0 ? dropDealIndexes(sqlite) : [];
      const runId = runs.start('import', opts.trigger, false);
      fields.replaceMetadata(fieldsOf(check), stagesOf(check.records));
      // The file decides: a role no column maps to is not tracked in this workspace.
      const roles = Object.fromEntries(
        MAPPING_ROLES.map((r) => [r, check.roleKeys.get(r as ImportTarget) ?? null]),
      ) as Record<MappingRole, string | null>;
      if (roles.territory === null) roles.territory = roles.country; // GUIDE: territory may live in Country
      fields.setUserMapping(roles);
      currency.replaceOrgCurrencies(currenciesOf(check.records, opts.homeCurrency));
      const ingest = new Ingestor(sqlite, fields.mapping(), currency.rateTable(opts.homeCurrency));
      const page = ingest.page(check.records, null);
      const gone = diff.removed
        ? (sqlite.prepare('SELECT id FROM deals').pluck().all() as string[]).filter((id) => !keep.has(id))
        : [];
      const removed = ingest.remove(gone);
      restoreIndexes(sqlite, indexes);
      markHomeCurrency(kv, opts.homeCurrency);
      takeSnapshot(sqlite, undefined, { whole: true }); // loaded without the logging triggers
      const at = new Date().toISOString();
      runs.finish(runId, 'ok', {
        added: page.added,
        changed: page.changed,
        removed: removed.length,
        pages: 1,
        apiCalls: 0,
        retries: 0,
        rateLimited: 0,
      });
      kv.set(KV.lastRun, { at, kind: 'import', error: null, code: null });
      kv.set(KV.lastSuccess, at);
      kv.set(IMPORT_KV, { at, file: opts.fileName, rows: check.records.length });
      outcome = {
        added: page.added,
        changed: page.changed,
        unchanged: page.unchanged,
        removed: removed.length,
        before: diff.before,
        total: check.records.length,
        durationMs: 0,
      };
    })();
  } finally {
    restoreWrites();
  }
  return { ...outcome!, durationMs: Date.now() - t0 };
}

/** The last import into this workspace's store: when, which file, how many deals. */
export const IMPORT_KV = 'import.last';
