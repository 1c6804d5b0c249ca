/**
 * Deal rows (+ local O2R data) → OpportunityInput, the domain layer's input. One SQL statement
 * for all deals or a set of ids; only typed columns are read (never `raw`), so loading 100k deals
 * stays a fraction of a second. Queued edits are laid over the input: a sync that rewrote a row
 * with the CRM's values must not hide an edit that is still on its way to Zoho.
 */
import type { Database } from 'better-sqlite3';
import type { MilestoneRole, OpportunityInput } from '../o2r/index';
import { rowidBatches } from '../store/rowid-batches';
import type { DealsTable } from '../store/schema';
import { decodeValue, isMilestone, type EditField } from './fields';

/** The deal columns O2R reads (typed by the store's schema), plus the local O2R data joined in. */
export type InputRow = Pick<
  DealsTable,
  | 'id'
  | 'name'
  | 'account_name'
  | 'owner_name'
  | 'stage'
  | 'probability'
  | 'amount_home'
  | 'closing_date'
  | 'modified_time'
  | 'territory'
  | 'country'
  | 'service_line'
  | 'proposal_date'
  | 'sow_date'
  | 'po_date'
  | 'kickoff_date'
  | 'invoice_date'
  | 'payment_date'
  | 'revenue_date'
  | 'synced_at'
> & {
  strategic: number | null;
  last_local_edit: string | null;
  open_blockers: number;
};

/** The columns in this order: `inputFromRaw` reads them by position. */
const COLUMNS = `d.id, d.name, d.account_name, d.owner_name, d.stage, d.probability, d.amount_home, d.closing_date,
         d.modified_time, d.territory, d.country, d.service_line, d.proposal_date, d.sow_date, d.po_date,
         d.kickoff_date, d.invoice_date, d.payment_date, d.revenue_date, d.synced_at,
         f.strategic, f.last_local_edit, coalesce(b.n, 0) AS open_blockers`;
const FROM = `
  FROM deals d
  LEFT JOIN o2r_flags f ON f.deal_id = d.id
  LEFT JOIN (SELECT deal_id, count(*) AS n FROM o2r_blockers WHERE resolved_on IS NULL GROUP BY deal_id) b ON b.deal_id = d.id`;
const SELECT = `SELECT ${COLUMNS} ${FROM}`;

/** Multi-select values arrive joined with "; " (sync/deal-columns.ts). */
export function splitServiceLines(text: string | null): string[] {
  if (!text) return [];
  return text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Active edits by deal → field → value (small: only what is still queued). */
export function queuedValues(sqlite: Database): Map<string, Map<EditField, unknown>> {
  const out = new Map<string, Map<EditField, unknown>>();
  const rows = sqlite.prepare("SELECT deal_id, field, new_value FROM o2r_edits WHERE status <> 'confirmed'").all() as {
    deal_id: string;
    field: EditField;
    new_value: string;
  }[];
  for (const r of rows) {
    let m = out.get(r.deal_id);
    if (!m) out.set(r.deal_id, (m = new Map()));
    m.set(r.field, decodeValue(r.new_value));
  }
  return out;
}

/**
 * Lays a deal's queued edits over its input: a sync that rewrote the row with the CRM's values
 * must not hide an edit still on its way to Zoho.
 */
function withEdits(input: OpportunityInput, edits: Map<EditField, unknown> | undefined): OpportunityInput {
  if (edits)
    for (const [field, value] of edits) {
      if (isMilestone(field)) input.milestones[field] = value as string | null;
      else if (field === 'stage') input.stage = value as string | null;
      else if (field === 'probability') input.probability = value as number | null;
      else input.closingDate = value as string | null;
    }
  return input;
}

export function toInput(r: InputRow, edits?: Map<EditField, unknown>): OpportunityInput {
  const milestones: Partial<Record<MilestoneRole, string | null>> = {
    proposal: r.proposal_date,
    sow: r.sow_date,
    po: r.po_date,
    kickoff: r.kickoff_date,
    invoice: r.invoice_date,
    payment: r.payment_date,
    revenue: r.revenue_date,
  };
  return withEdits(
    {
      id: r.id,
      name: r.name,
      accountName: r.account_name,
      ownerName: r.owner_name,
      stage: r.stage,
      probability: r.probability,
      amountHome: r.amount_home,
      closingDate: r.closing_date,
      modifiedTime: r.modified_time,
      territory: r.territory,
      country: r.country,
      serviceLines: splitServiceLines(r.service_line),
      milestones,
      openBlockers: r.open_blockers,
      strategic: r.strategic === 1,
      lastLocalEdit: r.last_local_edit,
    },
    edits,
  );
}

/** Input rows for every deal, or for the given ids. */
export function loadInputRows(sqlite: Database, ids?: readonly string[]): InputRow[] {
  if (!ids) return sqlite.prepare(SELECT).all() as InputRow[];
  const stmt = sqlite.prepare(`${SELECT} WHERE d.id = ?`);
  const out: InputRow[] = [];
  for (const id of new Set(ids)) {
    const r = stmt.get(id) as InputRow | undefined;
    if (r) out.push(r);
  }
  return out;
}

/** Every deal's input row, one at a time (a full pass need not hold 100k rows at once). */
export function iterateInputRows(sqlite: Database): IterableIterator<InputRow> {
  return sqlite.prepare(SELECT).iterate() as IterableIterator<InputRow>;
}

/**
 * The deal columns a full pass reads, in this order (`inputFromRaw` reads them by position; the
 * rowid follows, `rowidBatches`): the deals table alone. The country is not read (a million
 * strings made for nothing): the brief does not keep it and the status does not use it; full
 * opportunities are made from `loadInputRows`. The local O2R data is read apart (`localFlags`):
 * joined in, two index look-ups per deal cost ~15% of a 1,000,000-deal pass, and few deals have any.
 */
const PASS_COLUMNS = `id, name, account_name, owner_name, stage, probability, amount_home, closing_date,
  modified_time, territory, NULL AS country, service_line, proposal_date, sow_date, po_date, kickoff_date,
  invoice_date, payment_date, revenue_date`;

/** A row of PASS_COLUMNS (and its rowid). */
export type RawRow = unknown[];

/** Positions in a RawRow that a full pass reads itself. */
export const RAW_ID = 0;
export const RAW_SERVICE_LINE = 11;

/** A deal's local O2R data: its flags and how many of its blockers are open. */
export interface LocalFlags {
  strategic: boolean;
  lastLocalEdit: string | null;
  openBlockers: number;
}

const NO_FLAGS: LocalFlags = { strategic: false, lastLocalEdit: null, openBlockers: 0 };

/** The local O2R data of every deal that has any, by deal id (the rows of two small tables). */
export function localFlags(sqlite: Database): Map<string, LocalFlags> {
  const rows = sqlite
    .prepare(
      `SELECT deal_id, max(strategic), max(last_local_edit), sum(n) FROM (
         SELECT deal_id, strategic, last_local_edit, 0 AS n FROM o2r_flags
         UNION ALL
         SELECT deal_id, NULL, NULL, count(*) FROM o2r_blockers WHERE resolved_on IS NULL GROUP BY deal_id)
       GROUP BY deal_id`,
    )
    .raw()
    .all() as [string, number | null, string | null, number][];
  return new Map(
    rows.map(([id, strategic, edit, n]) => [id, { strategic: strategic === 1, lastLocalEdit: edit, openBlockers: n }]),
  );
}

/** An input for `inputFromRaw` to fill, row after row (a full pass reuses one). */
export function newPassInput(): OpportunityInput {
  return {
    id: '',
    name: '',
    accountName: null,
    ownerName: null,
    stage: null,
    probability: null,
    amountHome: null,
    closingDate: null,
    modifiedTime: null,
    territory: null,
    country: null,
    serviceLines: [],
    milestones: { proposal: null, sow: null, po: null, kickoff: null, invoice: null, payment: null, revenue: null },
    openBlockers: 0,
    strategic: false,
    lastLocalEdit: null,
  };
}

/**
 * A RawRow → OpportunityInput directly (a full pass: no InputRow in between), with the
 * service-line list already split (the cache splits each distinct text once), the deal's local
 * data (`localFlags`) and any queued edits laid over it. Written into `out` (every field), so a
 * pass that hands each input on before reading the next makes two objects fewer per deal.
 */
export function inputFromRaw(
  a: RawRow,
  serviceLines: string[],
  flags: LocalFlags | undefined,
  edits: Map<EditField, unknown> | undefined,
  out: OpportunityInput = newPassInput(),
): OpportunityInput {
  const local = flags ?? NO_FLAGS;
  out.id = a[0] as string;
  out.name = a[1] as string;
  out.accountName = a[2] as string | null;
  out.ownerName = a[3] as string | null;
  out.stage = a[4] as string | null;
  out.probability = a[5] as number | null;
  out.amountHome = a[6] as number | null;
  out.closingDate = a[7] as string | null;
  out.modifiedTime = a[8] as string | null;
  out.territory = a[9] as string | null;
  out.country = a[10] as string | null;
  out.serviceLines = serviceLines;
  const m = out.milestones;
  m.proposal = a[12] as string | null;
  m.sow = a[13] as string | null;
  m.po = a[14] as string | null;
  m.kickoff = a[15] as string | null;
  m.invoice = a[16] as string | null;
  m.payment = a[17] as string | null;
  m.revenue = a[18] as string | null;
  out.openBlockers = local.openBlockers;
  out.strategic = local.strategic;
  out.lastLocalEdit = local.lastLocalEdit;
  return withEdits(out, edits);
}

/**
 * Every deal's pass row as an array (`inputFromRaw` reads it), in batches in rowid order (a walk of
 * the table itself, not of the id index with a look-up per row; arrays, which better-sqlite3
 * builds faster than objects), in one read transaction.
 */
export function passRowBatches(sqlite: Database): Generator<RawRow[]> {
  return rowidBatches(sqlite, 'deals', PASS_COLUMNS);
}

/** The latest `synced_at` of any deal ('' for none): where a full pass leaves the watermark. */
export function latestSyncedAt(sqlite: Database): string {
  return (sqlite.prepare('SELECT max(synced_at) FROM deals').pluck().get() as string | null) ?? '';
}

/**
 * Rows the sync wrote after `since` (ISO): the deals to recompute after a sync. Strictly after:
 * a page's rows share one timestamp taken before its transaction, and the next page starts only
 * after another HTTP round trip, so no later page can carry a timestamp already seen.
 */
export function loadRowsSyncedSince(sqlite: Database, since: string): InputRow[] {
  return sqlite.prepare(`${SELECT} WHERE d.synced_at > ?`).all(since) as InputRow[];
}
