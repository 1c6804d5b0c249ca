import { convertToHome, type RateTable } from '../currency/convert';
import type { FieldMapping } from './mapping-guess';
import type { ZohoRecord } from './normalize';

/** The typed columns of `deals` (001 + 002, raw moved out by 005), in the order ingest binds them. */
export const DEAL_COLUMNS = [
  'id',
  'name',
  'account_id',
  'account_name',
  'owner_id',
  'owner_name',
  'owner_email',
  'stage',
  'probability',
  'amount',
  'currency',
  'exchange_rate',
  'amount_home',
  'home_rate',
  'rate_source',
  'closing_date',
  'country',
  'territory',
  'service_line',
  'created_time',
  'modified_time',
  'proposal_date',
  'sow_date',
  'po_date',
  'kickoff_date',
  'invoice_date',
  'payment_date',
  'revenue_date',
  'synced_at',
  'sync_gen',
] as const;

type Cell = string | number | null;

const str = (v: unknown): string | null =>
  v === null || v === undefined || v === '' ? null : typeof v === 'string' ? v : String(v);
const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
};
const ref = (v: unknown): { id?: unknown; name?: unknown; email?: unknown } | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as object) : null;

/** A date-ish value as YYYY-MM-DD (date-time fields keep their calendar date in the org's zone). */
function day(v: unknown): string | null {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null;
}

/** Picklists are strings, multi-selects arrays (joined with "; "), lookups objects (their name). */
function label(v: unknown): string | null {
  if (Array.isArray(v))
    return v.length
      ? v
          .map((x) => label(x) ?? '')
          .filter(Boolean)
          .join('; ')
      : null;
  const r = ref(v);
  if (r) return str(r.name);
  const s = str(v);
  return s === '-None-' ? null : s;
}

const pick = (rec: ZohoRecord, api: string | null): unknown => (api ? rec[api] : null);

/** One row of values for DEAL_COLUMNS (the raw record goes to `deal_raw`, written by the caller). */
export function dealRow(
  rec: ZohoRecord,
  mapping: FieldMapping,
  rates: RateTable,
  hpb: number | null,
  now: string,
  gen: number | null,
): Cell[] {
  const account = ref(rec.Account_Name);
  const owner = ref(rec.Owner);
  const amount = num(rec.Amount);
  const currency = str(rec.Currency);
  const exchangeRate = num(rec.Exchange_Rate);
  const conv = convertToHome(amount, currency, exchangeRate, rates, hpb);
  return [
    rec.id,
    str(rec.Deal_Name) ?? '',
    account ? str(account.id) : null,
    account ? str(account.name) : null,
    owner ? str(owner.id) : null,
    owner ? str(owner.name) : null,
    owner ? str(owner.email) : null,
    str(rec.Stage),
    num(rec.Probability),
    amount,
    currency,
    exchangeRate,
    conv.amountHome,
    conv.rate,
    conv.source,
    day(rec.Closing_Date),
    label(pick(rec, mapping.country)),
    label(pick(rec, mapping.territory)),
    label(pick(rec, mapping.serviceLine)),
    str(rec.Created_Time),
    str(rec.Modified_Time),
    day(pick(rec, mapping.proposal)),
    day(pick(rec, mapping.sow)),
    day(pick(rec, mapping.po)),
    day(pick(rec, mapping.kickoff)),
    day(pick(rec, mapping.invoice)),
    day(pick(rec, mapping.payment)),
    day(pick(rec, mapping.revenue)),
    now,
    gen,
  ];
}
