/**
 * Reading the decoded text of a CSV file with papaparse, row by row: the delimiter (`,`, `;` or
 * tab) from the header line, quoted fields with embedded delimiters, quotes and newlines, the
 * 1-based line where each row starts (what an error message names), and the problems papaparse
 * sees (an unterminated quote: a truncated file). Pauses every few thousand rows so the host can
 * report progress and stay responsive.
 */
import Papa from 'papaparse';
import { ImportFileError } from './errors';

export type Delimiter = ',' | ';' | '\t';

export interface CsvRow {
  line: number;
  fields: string[];
  /** Papaparse's complaint about this row (e.g. an unterminated quote), if any. */
  problem: string | null;
}

/** The delimiter the header line uses most, outside quotes; a header has no embedded delimiters. */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  const best = (Object.entries(counts) as [Delimiter, number][]).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ',';
}

/** A row of only empty or blank values (a blank line, or one of delimiters only). */
function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f !== '' && f.trim() !== '') return false;
  return true;
}

export interface ReadCsvOptions {
  delimiter?: Delimiter;
  /** Stop after this many data rows (the preview). */
  maxRows?: number;
  /** Called every `progressEvery` rows with the share of the text read (0–1); awaited. */
  onProgress?: (share: number) => void | Promise<void>;
  progressEvery?: number;
}

export interface CsvHeader {
  delimiter: Delimiter;
  headers: string[];
}

/**
 * Reads the header, then hands every data row to `onRow`. Blank lines are skipped (they are not
 * rows in Zoho's or Excel's files). Throws ImportFileError when there is no header.
 */
export async function readCsv(
  text: string,
  onRow: (row: CsvRow, header: CsvHeader) => void,
  opts: ReadCsvOptions = {},
): Promise<CsvHeader & { rows: number }> {
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  const every = opts.progressEvery ?? 5000;
  let header: CsvHeader | null = null;
  let rows = 0;
  let cursor = 0;
  let line = 1;
  /**
   * `line` is the line at `cursor` (the end of the previous row, its newline included): skip blank
   * lines to the row's start, then count the row's own newlines (quoted ones and its last).
   */
  const advanceTo = (end: number) => {
    let i = cursor;
    while (i < end && (text[i] === '\n' || text[i] === '\r')) {
      if (text[i] === '\n') line++;
      i++;
    }
    const start = line;
    for (let j = text.indexOf('\n', i); j !== -1 && j < end; j = text.indexOf('\n', j + 1)) line++;
    cursor = end;
    return start;
  };
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(text, {
      delimiter,
      // Empty lines are skipped here; lines of only spaces and delimiters below ('greedy' would
      // join every row's fields to find them).
      skipEmptyLines: true,
      step(result, parser) {
        try {
          const end = result.meta.cursor;
          const start = advanceTo(end);
          if (isBlank(result.data)) return;
          if (!header) {
            const headers = result.data.map((h) => h.trim());
            if (headers.every((h) => h === '')) throw new ImportFileError('The file has no header row.');
            header = { delimiter, headers };
            return;
          }
          rows++;
          const problem = result.errors.length
            ? result.errors[0].code === 'MissingQuotes'
              ? 'a quoted value is never closed (is the file cut short?)'
              : result.errors[0].message
            : null;
          onRow({ line: start, fields: result.data, problem }, header);
          if (opts.maxRows !== undefined && rows >= opts.maxRows) {
            parser.abort();
            return;
          }
          if (opts.onProgress && rows % every === 0) {
            parser.pause();
            Promise.resolve(opts.onProgress(end / text.length)).then(
              () => setImmediate(() => parser.resume()),
              (e: unknown) => {
                reject(e as Error); // before abort(), which completes (resolves) at once
                parser.abort();
              },
            );
          }
        } catch (e) {
          reject(e as Error); // before abort(), which completes (resolves) at once
          parser.abort();
        }
      },
      complete: () => resolve(),
      error: (e: Error) => reject(e),
    });
  });
  if (!header) throw new ImportFileError('The file has no header row.');
  return { ...(header as CsvHeader), rows };
}
