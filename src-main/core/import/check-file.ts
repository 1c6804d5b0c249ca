/**
 * The two passes over a decoded export: `analyzeText` reads the header and the first rows (what
 * the wizard's mapping step and preview show); `checkText` reads every row with the chosen
 * mapping and either yields every deal record or every problem, each with its line number.
 */
import { MILESTONE_ROLES } from '../sync/mapping-guess';
import type { ZohoRecord } from '../sync/normalize';
import { REQUIRED_TARGETS, TARGET_LABEL, type ColumnMapping, type ImportTarget } from './columns';
import { ImportFileError, type RowProblem } from './errors';
import { readCsv, type Delimiter } from './read-csv';
import { recordBuilder } from './row-to-record';
import { suggestMapping } from './suggest-mapping';
import { detectDateOrder, type DateOrder } from './values';

/** Columns holding dates (their values decide the day/month order). */
export const DATE_TARGETS = new Set<ImportTarget>(['closingDate', 'createdTime', 'modifiedTime', ...MILESTONE_ROLES]);

/** Rows read for the mapping step and preview. */
export const SAMPLE_ROWS = 200;
/** Problems listed one by one (all are counted). */
export const MAX_LISTED_PROBLEMS = 500;

export interface FileAnalysis {
  encoding: string;
  delimiter: Delimiter;
  headers: string[];
  /** The suggested mapping (saved choices, Zoho labels and aliases, guesses). */
  mapping: ColumnMapping;
  /** The order the dates prove (a day above 12 somewhere), or null when every date fits both. */
  detectedDateOrder: DateOrder | null;
  /** The first rows as written (up to SAMPLE_ROWS). */
  samples: string[][];
}

export async function analyzeText(
  text: string,
  encoding: string,
  saved: Readonly<Record<string, ImportTarget>> = {},
): Promise<FileAnalysis> {
  const samples: string[][] = [];
  const head = await readCsv(text, (r) => samples.push(r.fields), { maxRows: SAMPLE_ROWS });
  const mapping = suggestMapping(head.headers, samples, saved);
  const dateColumns = head.headers.map((h, i) => ({ h, i })).filter(({ h }) => DATE_TARGETS.has(mapping[h]));
  const detectedDateOrder = detectDateOrder(dateColumns.flatMap(({ i }) => samples.map((r) => r[i] ?? '')));
  return { encoding, delimiter: head.delimiter, headers: head.headers, mapping, detectedDateOrder, samples };
}

/** Required targets no column is mapped to, as an error the user can act on. */
export function missingRequired(headers: readonly string[], mapping: ColumnMapping): ImportFileError | null {
  const mapped = new Set(headers.map((h) => mapping[h]));
  const missing = REQUIRED_TARGETS.filter((t) => !mapped.has(t));
  if (missing.length === 0) return null;
  const names = missing.map((t) => `"${TARGET_LABEL[t]}"`).join(', ');
  return new ImportFileError(
    `The file has no ${names} column${missing.length > 1 ? 's' : ''} (columns found: ${headers.join(', ')}). Map a column to ${missing.length > 1 ? 'each' : 'it'} in the mapping step, or with --map "Header=${missing[0]}".`,
  );
}

export interface CheckOptions {
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  delimiter?: Delimiter;
  onProgress?: (share: number) => void | Promise<void>;
}

export interface FileCheck {
  headers: string[];
  delimiter: Delimiter;
  rows: number;
  /** Every deal, in file order (empty when any row is bad: all or nothing). */
  records: ZohoRecord[];
  /** The first MAX_LISTED_PROBLEMS problems, in line order. */
  problems: RowProblem[];
  /** How many rows have at least one problem. */
  badRows: number;
  /** Record keys of the role columns (milestones, territory, country, service line). */
  roleKeys: Map<ImportTarget, string>;
  extraKeys: string[];
  /** Record key → header (the field's label). */
  labels: Map<string, string>;
  /** Line of each record's row, same order as `records` (for previews). */
  lines: number[];
}

export async function checkText(text: string, opts: CheckOptions): Promise<FileCheck> {
  let builder: ReturnType<typeof recordBuilder> | null = null;
  const records: ZohoRecord[] = [];
  const lines: number[] = [];
  const problems: RowProblem[] = [];
  const firstLine = new Map<string, number>();
  let badRows = 0;
  const head = await readCsv(
    text,
    (row, header) => {
      if (!builder) {
        const missing = missingRequired(header.headers, opts.mapping);
        if (missing) throw missing;
        builder = recordBuilder(header.headers, opts.mapping, {
          dateOrder: opts.dateOrder,
          decimalMark: header.delimiter === ';' ? 'comma' : 'point',
        });
      }
      const rowProblems: RowProblem[] = [];
      const rec = builder.build(row, rowProblems);
      if (rec) {
        const seen = firstLine.get(rec.id);
        if (seen !== undefined)
          rowProblems.push({
            line: row.line,
            column: null,
            reason: `Record Id ${rec.id} appears twice (also on line ${seen})`,
          });
        else firstLine.set(rec.id, row.line);
      }
      if (rowProblems.length) {
        badRows++;
        for (const p of rowProblems) if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p);
        return;
      }
      // All or nothing: once a row is bad, the records are not needed any more.
      if (badRows === 0) {
        records.push(rec!);
        lines.push(row.line);
      }
    },
    { delimiter: opts.delimiter, onProgress: opts.onProgress },
  );
  if (head.rows === 0) throw new ImportFileError('The file has a header but no deals.');
  if (!builder) throw new ImportFileError('The file has a header but no deals.');
  const b = builder as ReturnType<typeof recordBuilder>;
  return {
    headers: head.headers,
    delimiter: head.delimiter,
    rows: head.rows,
    records: badRows ? [] : records,
    problems,
    badRows,
    roleKeys: b.roleKeys,
    extraKeys: b.extraKeys,
    labels: b.labels,
    lines: badRows ? [] : lines,
  };
}
