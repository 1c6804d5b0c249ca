/**
 * CSV for spreadsheets: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the ANSI
 * code page and mangles every accented name), CRLF line ends, papaparse's quoting. Header = the
 * column keys, so scripts reading the file keep working when labels change.
 */
import Papa from 'papaparse';
import type { ExportColumn, ExportRow } from './columns';

export const UTF8_BOM = '\uFEFF';

export function csvText(columns: readonly ExportColumn[], rows: readonly ExportRow[]): string {
  const body = Papa.unparse(
    { fields: columns.map((c) => c.key), data: rows.map((r) => columns.map((c) => r[c.key])) },
    { newline: '\r\n' },
  );
  return UTF8_BOM + body + '\r\n';
}
