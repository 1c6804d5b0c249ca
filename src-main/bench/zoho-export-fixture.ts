/**
 * A Zoho CRM "Export Deals" CSV made from sandbox deals (the import benchmark's input and the
 * import tests' fixtures), with the export's quirks: field labels as
 * headers, `zcrm_` record ids, lookups as names, multi-selects joined with ";", date-times without
 * an offset, amounts with thousands separators (as Excel saves them), a Description with commas,
 * quotes and line breaks. Options switch the date format, delimiter and encoding.
 */
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { generateDeals, type DealRecord } from '../sandbox/index';

export interface ExportOptions {
  /** How dates are written (Zoho follows the user's locale). */
  dates?: 'iso' | 'dmy' | 'mdy' | 'dmy-dash' | 'dmy-short';
  delimiter?: ',' | ';';
  bom?: boolean;
  encoding?: 'utf-8' | 'windows-1252';
  /** Amounts as "1,234,567.00" (Excel) instead of "1234567". */
  grouped?: boolean;
  /** Descriptions with commas, quotes and line breaks on every third deal (default true). */
  descriptions?: boolean;
}

const LABELS: [string, (d: DealRecord, o: Required<ExportOptions>) => string][] = [
  ['Record Id', (d) => `zcrm_${d.id}`],
  ['Deal Owner', (d) => ref(d.Owner)],
  ['Deal Name', (d) => d.Deal_Name],
  ['Account Name', (d) => ref(d.Account_Name)],
  ['Amount', (d, o) => amount(d.Amount as number | null, o)],
  ['Currency', (d) => String(d.Currency ?? '')],
  ['Exchange Rate', (d) => String(d.Exchange_Rate ?? '')],
  ['Closing Date', (d, o) => date(d.Closing_Date as string | null, o)],
  ['Stage', (d) => String(d.Stage ?? '')],
  ['Probability (%)', (d) => String(d.Probability ?? '')],
  ['Expected Revenue', (d, o) => amount(d.Expected_Revenue as number | null, o)],
  ['Type', (d) => String(d.Type ?? '')],
  ['Lead Source', (d) => String(d.Lead_Source ?? '')],
  ['Contact Name', (d) => ref(d.Contact_Name)],
  ['Region', (d) => String(d.Region ?? '')],
  ['Country', (d) => String(d.Country ?? '')],
  ['Solution Type', (d) => ((d.Solution_Type as string[] | null) ?? []).join(';')],
  ['Proposal Submission date', (d, o) => date(d.Proposal_Submission_date as string | null, o)],
  ['SOW Work Start Date', (d, o) => date(d.SOW_Work_Start_Date as string | null, o)],
  ['PO Generation Date', (d, o) => date(d.PO_Generation_Date as string | null, o)],
  ['Kick-off Date', (d, o) => date(d.Kick_off_Date as string | null, o)],
  ['Invoice Date', (d, o) => date(d.Invoice_Date as string | null, o)],
  ['Payment Received Date', (d, o) => date(d.Payment_Received_Date as string | null, o)],
  ['OB Recognition Date', (d, o) => date(d.OB_Recognition_Date as string | null, o)],
  ['Created Time', (d, o) => dateTime(d.Created_Time, o)],
  ['Modified Time', (d, o) => dateTime(d.Modified_Time, o)],
  [
    'Description',
    (d, o) =>
      o.descriptions && Number(d.id.slice(-1)) % 3 === 0
        ? `Called "${ref(d.Owner)}", asked for a quote;\nfollow up, then close`
        : '',
  ],
];

function ref(v: unknown): string {
  return v && typeof v === 'object' ? String((v as { name?: unknown }).name ?? '') : '';
}

function amount(v: number | null, o: Required<ExportOptions>): string {
  if (v === null || v === undefined) return '';
  if (!o.grouped) return String(v);
  const text = v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return o.delimiter === ';' ? text.replace(/,/g, ' ').replace('.', ',').replace(/ /g, '.') : text;
}

function date(v: string | null, o: Required<ExportOptions>): string {
  if (!v) return '';
  const [y, m, d] = v.slice(0, 10).split('-');
  switch (o.dates) {
    case 'iso':
      return `${y}-${m}-${d}`;
    case 'dmy':
      return `${d}/${m}/${y}`;
    case 'mdy':
      return `${m}/${d}/${y}`;
    case 'dmy-dash':
      return `${d}-${m}-${y}`;
    case 'dmy-short': // Excel's short date after a user re-saved the export
      return `${d}/${m}/${y.slice(2)}`;
  }
}

function dateTime(v: string, o: Required<ExportOptions>): string {
  return `${date(v, o)} ${v.slice(11, 19)}`;
}

export const EXPORT_HEADERS = LABELS.map(([h]) => h);

export function zohoExportText(deals: readonly DealRecord[], opts: ExportOptions = {}): string {
  const o: Required<ExportOptions> = {
    dates: 'iso',
    delimiter: ',',
    bom: true,
    encoding: 'utf-8',
    grouped: false,
    descriptions: true,
    ...opts,
  };
  return Papa.unparse(
    { fields: EXPORT_HEADERS, data: deals.map((d) => LABELS.map(([, f]) => f(d, o))) },
    { delimiter: o.delimiter, newline: '\r\n', quotes: (v: unknown) => typeof v === 'string' && /[",;\r\n]/.test(v) },
  );
}

export function zohoExportBytes(deals: readonly DealRecord[], opts: ExportOptions = {}): Buffer {
  const text = zohoExportText(deals, opts);
  if (opts.encoding === 'windows-1252') return iconv.encode(text, 'windows-1252');
  return Buffer.from(((opts.bom ?? true) ? '\uFEFF' : '') + text, 'utf8');
}

/** Sandbox deals, as the demo generates them (same seed → same deals). */
export function sandboxDeals(count: number, seed = 7): DealRecord[] {
  return generateDeals({ count, seed, nowMs: Date.parse('2026-05-06T04:00:00Z') });
}
