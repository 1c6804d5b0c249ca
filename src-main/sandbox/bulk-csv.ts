/**
 * A Bulk Read result file as Zoho writes it (src-main/sandbox/README.md, "Bulk Read"): a header
 * row of API names starting with `Id`, then one row per record; a lookup column holds the
 * related record's id and a dotted column (`Account_Name.Account_Name`, `Owner.email`) one of its
 * fields; multi-select values are joined with `;`; dates `YYYY-MM-DD`, date-times ISO 8601 as the
 * API gives them; numbers in plain decimal; booleans `true`/`false`; an empty value is an empty
 * cell. Every cell is quoted (RFC 4180).
 */
import { columnValue } from './coql';
import { DEAL_FIELD_BY_API } from './metadata';

/** The id column Zoho adds in front of the requested fields. */
export const BULK_ID_COLUMN = 'Id';
export const MULTISELECT_SEPARATOR = ';';

type Rec = Record<string, unknown>;

/** How one column's value is read from a record, decided once per file rather than per cell. */
function columnReader(column: string): (rec: Rec) => unknown {
  if (column.includes('.')) return (rec) => columnValue(rec, column);
  const type = DEAL_FIELD_BY_API.get(column)?.type;
  if (type !== 'lookup' && type !== 'ownerlookup') return (rec) => rec[column];
  return (rec) => {
    const v = rec[column];
    return v && typeof v === 'object' ? (v as { id: string }).id : v;
  };
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => String(x)).join(MULTISELECT_SEPARATOR);
  return String(v);
}

/**
 * One CSV line: every cell quoted, a quote inside doubled, CRLF at the end (RFC 4180; with every
 * cell quoted that is the whole of the writing rule, so it is done here rather than through a
 * general CSV writer, which took most of the time of building a 200,000-record file).
 */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    line += (i ? ',"' : '"') + (c.includes('"') ? c.replace(/"/g, '""') : c) + '"';
  }
  return line + '\r\n';
}

/** The writer of a file's rows for `columns`: a record as its CSV line, `Id` first. */
export function rowWriter(columns: readonly string[]): (rec: Rec) => string {
  const readers = columns.map(columnReader);
  return (rec) => csvLine([String(rec.id), ...readers.map((read) => text(read(rec)))]);
}

export const headerCells = (columns: readonly string[]): string[] => [BULK_ID_COLUMN, ...columns];
