/**
 * One CSV row → the deal record it describes, in the shape a sync stores (Zoho API names, lookups
 * as `{name, id}`, multi-selects as arrays), or the row's problems. Keys are always written in
 * the same order, so re-importing an unchanged row gives the same JSON and counts as unchanged.
 */
import { MILESTONE_ROLES } from '../sync/mapping-guess';
import type { ZohoRecord } from '../sync/normalize';
import {
  CORE_API_NAME,
  TARGET_LABEL,
  apiNameFor,
  type ColumnMapping,
  type CoreTarget,
  type ImportTarget,
} from './columns';
import type { RowProblem } from './errors';
import type { CsvRow } from './read-csv';
import { dateParser, dateTimeParser, parseNumber, type DateOrder, type DecimalMark, type Parsed } from './values';

const DATE_ROLES = new Set<ImportTarget>(MILESTONE_ROLES);

/** Where each column goes, worked out once per file. */
interface ColumnPlan {
  index: number;
  header: string;
  target: ImportTarget;
  /** The record key for role and extra columns. */
  key: string;
}

export interface RecordBuilder {
  /** The record, or null when the row has problems (they are pushed to `problems`). */
  build(row: CsvRow, problems: RowProblem[]): ZohoRecord | null;
  /** Record keys of role columns (for the field mapping) and of extra columns, in file order. */
  roleKeys: Map<ImportTarget, string>;
  extraKeys: string[];
  /** Record key → the header it came from (the field's label). */
  labels: Map<string, string>;
}

export interface BuildOptions {
  dateOrder: DateOrder;
  decimalMark: DecimalMark;
}

const ZCRM = /^zcrm_/i;

export function recordBuilder(headers: readonly string[], mapping: ColumnMapping, opts: BuildOptions): RecordBuilder {
  const plans: ColumnPlan[] = [];
  const byTarget = new Map<ImportTarget, ColumnPlan>();
  headers.forEach((header, index) => {
    const target = mapping[header] ?? 'extra';
    if (target === 'ignore') return;
    const key =
      target === 'extra' || !(target in CORE_API_NAME) ? apiNameFor(header) : CORE_API_NAME[target as CoreTarget];
    const plan = { index, header, target, key };
    plans.push(plan);
    if (target !== 'extra' && !byTarget.has(target)) byTarget.set(target, plan);
  });
  const roleKeys = new Map<ImportTarget, string>();
  for (const [t, p] of byTarget) if (!(t in CORE_API_NAME)) roleKeys.set(t, p.key);
  const extras = plans.filter((p) => p.target === 'extra');
  const date = dateParser(opts.dateOrder);
  const dateTime = dateTimeParser(opts.dateOrder);
  const width = headers.length;

  function build(row: CsvRow, problems: RowProblem[]): ZohoRecord | null {
    const before = problems.length;
    const bad = (p: ColumnPlan | null, reason: string) =>
      problems.push({ line: row.line, column: p?.header ?? null, reason: p ? `${p.header}: ${reason}` : reason });
    if (row.problem) {
      bad(null, row.problem);
      return null;
    }
    if (row.fields.length !== width) {
      bad(null, `has ${row.fields.length} values where the header has ${width} columns (a cut or shifted row?)`);
      return null;
    }
    const cell = (t: ImportTarget): [ColumnPlan | null, string] => {
      const p = byTarget.get(t) ?? null;
      return [p, p ? row.fields[p.index].trim() : ''];
    };
    const text = (t: ImportTarget): string | null => cell(t)[1] || null;
    const required = (t: ImportTarget): string | null => {
      const [p, v] = cell(t);
      if (!v) bad(p, `${TARGET_LABEL[t]} is empty`);
      return v || null;
    };
    const parsed = <T>(t: ImportTarget, fn: (s: string) => Parsed<T>, check?: (v: T) => string | null): T | null => {
      const [p, v] = cell(t);
      if (!v) return null;
      const r = fn(v);
      if (!r.ok) {
        bad(p, r.reason);
        return null;
      }
      const why = check?.(r.value) ?? null;
      if (why) bad(p, why);
      return why ? null : r.value;
    };
    const num = (s: string) => parseNumber(s, opts.decimalMark);

    const rawId = required('id');
    const id = rawId?.replace(ZCRM, '') ?? null;
    if (id !== null && !/^\d{1,30}$/.test(id)) bad(byTarget.get('id')!, `"${rawId}" is not a Zoho record id`);
    const name = required('name');
    const stage = required('stage');
    const closing = byTarget.get('closingDate') ? parsed('closingDate', date) : null;
    if (byTarget.get('closingDate') && !cell('closingDate')[1])
      bad(byTarget.get('closingDate')!, 'Closing Date is empty');
    const amount = parsed('amount', num);
    const probability = parsed('probability', num, (v) => (v < 0 || v > 100 ? `${v} is not between 0 and 100` : null));
    const rate = parsed('exchangeRate', num, (v) => (v <= 0 ? 'an exchange rate must be above 0' : null));
    const currencyText = text('currency')?.toUpperCase() ?? null;
    if (currencyText !== null && !/^[A-Z]{3}$/.test(currencyText))
      bad(byTarget.get('currency')!, `"${currencyText}" is not a 3-letter currency code`);
    const created = parsed('createdTime', dateTime);
    const modified = parsed('modifiedTime', dateTime);
    const account = text('accountName');
    const owner = text('ownerName');
    const ownerEmail = text('ownerEmail');

    const rec: ZohoRecord = { id: id ?? '' };
    rec.Deal_Name = name;
    rec.Account_Name = account ? { name: account, id: null } : null;
    rec.Owner = owner || ownerEmail ? { name: owner, id: null, email: ownerEmail } : null;
    rec.Stage = stage;
    rec.Probability = probability;
    rec.Amount = amount;
    rec.Currency = currencyText;
    rec.Exchange_Rate = rate;
    rec.Closing_Date = closing;
    rec.Created_Time = created;
    rec.Modified_Time = modified;
    for (const [t, key] of roleKeys) {
      const p = byTarget.get(t)!;
      const v = row.fields[p.index].trim();
      if (DATE_ROLES.has(t)) rec[key] = v ? parsed(t, date) : null;
      else if (t === 'serviceLine')
        rec[key] = v
          ? v
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : [];
      else rec[key] = v || null;
    }
    for (const p of extras) if (!(p.key in rec)) rec[p.key] = row.fields[p.index].trim() || null;
    return problems.length > before ? null : rec;
  }

  return { build, roleKeys, extraKeys: extras.map((p) => p.key), labels: new Map(plans.map((p) => [p.key, p.header])) };
}
