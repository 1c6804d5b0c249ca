/**
 * A Bulk Read result file as Zoho writes it (src-main/sandbox/README.md, "Bulk Read"): a header
 * row of API names starting with `Id`, then one row per record; a lookup column holds the
 * related record's id and a dotted column (`Account_Name.Account_Name`, `Owner.email`) one of its
 * fields; multi-select values are joined with `;`; dates `YYYY-MM-DD`, date-times ISO 8601 as the
 * API gives them; numbers in plain decimal; booleans `true`/`false`; an empty value is an empty
 * cell. Every cell is quoted (RFC 4180).
 */
import Papa from 'papaparse';
import { columnValue } from './coql';
import { DEAL_FIELD_BY_API } from './metadata';

/** The id column Zoho adds in front of the requested fields. */
export const BULK_ID_COLUMN = 'Id';
export const MULTISELECT_SEPARATOR = ';';

/** The CSV text of one cell (unquoted). */
export function cellText(rec: Record<string, unknown>, column: string): string {
  const v = column.includes('.') ? columnValue(rec, column) : plain(rec, column);
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => String(x)).join(MULTISELECT_SEPARATOR);
  return String(v);
}

function plain(rec: Record<string, unknown>, column: string): unknown {
  const v = rec[column];
  const type = DEAL_FIELD_BY_API.get(column)?.type;
  if ((type === 'lookup' || type === 'ownerlookup') && v && typeof v === 'object') return (v as { id: string }).id;
  return v;
}

/** The cells of one record's row, `Id` first. */
export function recordCells(rec: Record<string, unknown>, columns: readonly string[]): string[] {
  const cells = [String(rec.id)];
  for (const c of columns) cells.push(cellText(rec, c));
  return cells;
}

/** Rows as CSV text, each line ended (papaparse writes the quoting). */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return rows.length ? Papa.unparse(rows as string[][], { quotes: true, newline: '\r\n' }) + '\r\n' : '';
}

export const headerCells = (columns: readonly string[]): string[] => [BULK_ID_COLUMN, ...columns];
