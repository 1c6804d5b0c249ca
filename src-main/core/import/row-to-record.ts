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

/** Pushes a row's problem, named after its column when there is one. */
function report(problems: RowProblem[], line: number, p: ColumnPlan | null, reason: string): void {
  problems.push({ line, column: p?.header ?? null, reason: p ? `${p.header}: ${reason}` : reason });
}

/**
 * The keys every record of a file starts with, in the order they are written. The same names as
 * the sync's BASE_FIELDS, but pinned here: re-importing an unchanged row must give the same JSON
 * (unchanged rows are matched by it), so this order cannot follow edits to the sync's field list.
 */
const CORE_KEYS = [
  'id',
  'Deal_Name',
  'Account_Name',
  'Owner',
  'Stage',
  'Probability',
  'Amount',
  'Currency',
  'Exchange_Rate',
  'Closing_Date',
  'Created_Time',
  'Modified_Time',
];

/**
 * The key order of every record of a file (core keys, role keys, then extra columns whose key is
 * not taken yet), as an object whose values are all null, and the extra columns that get a key.
 * Copying the template (`{ ...template }`) gives each row an object whose keys are already in
 * place: filling them in keeps V8's fast property layout, where adding ~30 keys one by one (with
 * computed names) turns each record into a slow dictionary and makes JSON.stringify, the ingest
 * and every later pass over 100,000 records about three times slower. JSON.parse builds the
 * template itself in the fast layout, whatever its number of keys.
 */
function recordTemplate(
  roleKeys: Iterable<string>,
  extras: readonly ColumnPlan[],
): { template: ZohoRecord; written: ColumnPlan[] } {
  const keys: Record<string, null> = {};
  for (const key of CORE_KEYS) keys[key] = null;
  for (const key of roleKeys) keys[key] = null;
  const written: ColumnPlan[] = [];
  for (const p of extras)
    if (!(p.key in keys)) {
      keys[p.key] = null;
      written.push(p);
    }
  return { template: JSON.parse(JSON.stringify(keys)) as ZohoRecord, written };
}

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
  const roles = [...roleKeys].map(([t, key]) => ({ plan: byTarget.get(t)!, key, isDate: DATE_ROLES.has(t), t }));
  const extras = plans.filter((p) => p.target === 'extra');
  // An extra column whose key a core, role or earlier column already took is not written.
  const { template, written: extraPlans } = recordTemplate(roleKeys.values(), extras);
  const date = dateParser(opts.dateOrder);
  const dateTime = dateTimeParser(opts.dateOrder);
  const num = (s: string) => parseNumber(s, opts.decimalMark);
  const width = headers.length;
  // The columns each core value comes from, found once per file (null: the file has none).
  const col = (t: ImportTarget): ColumnPlan | null => byTarget.get(t) ?? null;
  const idCol = col('id');
  const nameCol = col('name');
  const stageCol = col('stage');
  const closingCol = col('closingDate');
  const amountCol = col('amount');
  const probabilityCol = col('probability');
  const rateCol = col('exchangeRate');
  const currencyCol = col('currency');
  const createdCol = col('createdTime');
  const modifiedCol = col('modifiedTime');
  const accountCol = col('accountName');
  const ownerCol = col('ownerName');
  const ownerEmailCol = col('ownerEmail');
  const probabilityRange = (v: number) => (v < 0 || v > 100 ? `${v} is not between 0 and 100` : null);
  const positiveRate = (v: number) => (v <= 0 ? 'an exchange rate must be above 0' : null);

  // The row being built: the helpers below read it (made once per file, not once per row).
  let fields: string[] = [];
  let line = 0;
  let problems: RowProblem[] = [];
  const value = (p: ColumnPlan | null): string => (p ? fields[p.index].trim() : '');
  function required(p: ColumnPlan | null, t: ImportTarget): string | null {
    const v = value(p);
    if (!v) report(problems, line, p, `${TARGET_LABEL[t]} is empty`);
    return v || null;
  }
  function parsed<T>(p: ColumnPlan | null, fn: (s: string) => Parsed<T>, check?: (v: T) => string | null): T | null {
    const v = value(p);
    if (!v) return null;
    const r = fn(v);
    if (!r.ok) {
      report(problems, line, p, r.reason);
      return null;
    }
    const why = check?.(r.value) ?? null;
    if (why) report(problems, line, p, why);
    return why ? null : r.value;
  }

  function build(row: CsvRow, rowProblems: RowProblem[]): ZohoRecord | null {
    problems = rowProblems;
    line = row.line;
    fields = row.fields;
    const before = problems.length;
    if (row.problem) {
      report(problems, line, null, row.problem);
      return null;
    }
    if (fields.length !== width) {
      report(
        problems,
        line,
        null,
        `has ${fields.length} values where the header has ${width} columns (a cut or shifted row?)`,
      );
      return null;
    }

    const rawId = required(idCol, 'id');
    const id = rawId?.replace(ZCRM, '') ?? null;
    if (id !== null && !/^\d{1,30}$/.test(id)) report(problems, line, idCol, `"${rawId}" is not a Zoho record id`);
    const name = required(nameCol, 'name');
    const stage = required(stageCol, 'stage');
    const closing = closingCol ? parsed(closingCol, date) : null;
    if (closingCol && !value(closingCol)) report(problems, line, closingCol, 'Closing Date is empty');
    const amount = parsed(amountCol, num);
    const probability = parsed(probabilityCol, num, probabilityRange);
    const rate = parsed(rateCol, num, positiveRate);
    const currencyText = value(currencyCol).toUpperCase() || null;
    if (currencyText !== null && !/^[A-Z]{3}$/.test(currencyText))
      report(problems, line, currencyCol, `"${currencyText}" is not a 3-letter currency code`);
    const created = parsed(createdCol, dateTime);
    const modified = parsed(modifiedCol, dateTime);
    const account = value(accountCol) || null;
    const owner = value(ownerCol) || null;
    const ownerEmail = value(ownerEmailCol) || null;

    const rec: ZohoRecord = { ...template };
    rec.id = id ?? '';
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
    for (const r of roles) {
      const v = fields[r.plan.index].trim();
      if (r.isDate) rec[r.key] = v ? parsed(r.plan, date) : null;
      else if (r.t === 'serviceLine')
        rec[r.key] = v
          ? v
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : [];
      else rec[r.key] = v || null;
    }
    for (const p of extraPlans) rec[p.key] = fields[p.index].trim() || null;
    return problems.length > before ? null : rec;
  }

  return { build, roleKeys, extraKeys: extras.map((p) => p.key), labels: new Map(plans.map((p) => [p.key, p.header])) };
}
