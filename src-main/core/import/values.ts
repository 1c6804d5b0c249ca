/**
 * Reading the values of a Zoho export: dates in the formats Zoho writes (yyyy-MM-dd, dd/MM/yyyy,
 * MM/dd/yyyy, dd-MM-yyyy; the user's day/month order decides the ambiguous ones), date-times
 * (the same dates followed by a 24-hour or AM/PM time), and numbers with thousands separators.
 * Parsing is date-fns; results are memoised per parser because an export repeats the same few
 * thousand dates across 100,000 rows.
 *
 * Two-digit years (dd/MM/yy: what Excel writes when a user re-saves an export with a short date
 * format) are read with a fixed pivot: 00–69 → 2000–2069, 70–99 → 1970–1999. This is the POSIX
 * rule, not Windows Excel's default (30–99 → 1930s–1990s), because pipelines hold closing dates
 * years ahead and rarely anything before 1970. See docs/import-export.md.
 */
import { createRequire } from 'node:module';

/**
 * date-fns is loaded on the first date the digit reader below leaves to it (dates with month
 * names), not when the core starts: every host imports this file, and under tsx (which runs
 * `pulse` and `pulse web`) `date-fns/parse` alone costs ~55 MB of RSS. Subpaths, because the
 * package index loads all of date-fns.
 */
const require = createRequire(import.meta.url);
let dateFns: { parse: typeof import('date-fns/parse').parse; isValid: typeof import('date-fns/isValid').isValid };
function fns(): typeof dateFns {
  dateFns ??= {
    parse: (require('date-fns/parse') as typeof import('date-fns/parse')).parse,
    isValid: (require('date-fns/isValid') as typeof import('date-fns/isValid')).isValid,
  };
  return dateFns;
}

export type DateOrder = 'dmy' | 'mdy';
/** `point`: 1,234.56 (comma-separated files); `comma`: 1.234,56 (semicolon files from European Excel). */
export type DecimalMark = 'point' | 'comma';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const REF = new Date(2000, 0, 1);
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/** Candidate date patterns for an order; year-first ISO dates are never ambiguous. */
function datePatterns(order: DateOrder): string[] {
  const dm = order === 'dmy' ? ['d', 'M'] : ['M', 'd'];
  const out = ['yyyy-MM-dd', 'yyyy/MM/dd'];
  for (const sep of ['/', '-', '.']) out.push(`${dm[0]}${sep}${dm[1]}${sep}yyyy`);
  out.push('d-MMM-yyyy', 'd MMM yyyy', 'MMM d, yyyy');
  return out;
}

/** A clock time: 24-hour "13:05[:09]" or "1:05[:09] PM". */
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;

/** Already 'HH:mm:ss' and a time of day: Zoho's own format, returned as it is. */
const HH_MM_SS = /^(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 'HH:mm:ss', or null when it is not a time of day (25:00, 13:00 PM, 12:61). */
function time(text: string): string | null {
  if (HH_MM_SS.test(text)) return text;
  const m = TIME.exec(text);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const sec = m[3] === undefined ? 0 : Number(m[3]);
  if (m[4]) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (m[4].toLowerCase() === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59 || sec > 59) return null;
  return `${pad2(h)}:${pad2(min)}:${pad2(sec)}`;
}

/** The first pattern date-fns reads `text` with. */
function tryPatterns(text: string, patterns: readonly string[]): Date | null {
  const { parse, isValid } = fns();
  for (const p of patterns) {
    const d = parse(text, p, REF);
    if (isValid(d)) return d;
  }
  return null;
}

const YEAR_FIRST = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const YEAR_LAST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;

/**
 * The all-digit shapes (yyyy-MM-dd, yyyy/MM/dd, and d/M/yyyy, d-M-yyyy, d.M.yyyy in the file's
 * order) read without date-fns, with the same results: a date-fns parse costs 30–200 µs, and a
 * 100,000-row export has thousands of distinct days across its date columns, which made date-fns
 * the largest single cost of checking a file. Returns undefined for any other shape (month
 * names), which date-fns reads; null for an impossible date (31/02, month 13).
 */
function numericDate(text: string, order: DateOrder): Date | null | undefined {
  let y: number, m: number, d: number;
  let match = YEAR_FIRST.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[3]), Number(match[4])];
  else if ((match = YEAR_LAST.exec(text))) {
    const [a, b] = [Number(match[1]), Number(match[3])];
    [d, m] = order === 'dmy' ? [a, b] : [b, a];
    y = Number(match[4]);
  } else return undefined;
  if (m < 1 || m > 12 || d < 1) return null;
  const date = new Date(y, m - 1, d);
  return date.getMonth() === m - 1 ? date : null; // 31/02 rolls into March
}

/** A Date's calendar day as 'YYYY-MM-DD' (years 1900–2200 only reach here). */
function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

function inRange(d: Date): boolean {
  const y = d.getFullYear();
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

function describeOrder(order: DateOrder): string {
  return order === 'dmy' ? 'dd/MM/yyyy' : 'MM/dd/yyyy';
}

/** A day and month with a two-digit year: "03/04/26", "3-4-26", "03.04.26". */
const SHORT_YEAR = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2})$/;

/** The two-digit year pivot: 00–69 → 2000–2069, 70–99 → 1970–1999. */
export function fullYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

/** "03/04/26" → "03/04/2026" (the pivot above); any other text unchanged. */
function widenShortYear(text: string): string {
  const m = SHORT_YEAR.exec(text);
  return m ? `${m[1]}${m[2]}${m[3]}${m[2]}${fullYear(Number(m[4]))}` : text;
}

/** True when a date is written with a two-digit year (the wizard says how it was read). */
export function hasShortYear(text: string): boolean {
  return SHORT_YEAR.test(text.trim().split(/\s+/)[0] ?? '');
}

/** A calendar date → 'YYYY-MM-DD'. Memoised; one parser per file and order. */
export function dateParser(order: DateOrder): (text: string) => Parsed<string> {
  const patterns = datePatterns(order);
  const memo = new Map<string, Parsed<string>>();
  return (raw) => {
    let hit = memo.get(raw);
    if (hit) return hit;
    const text = raw.trim();
    const wide = widenShortYear(text);
    const numeric = numericDate(wide, order);
    const d = numeric === undefined ? tryPatterns(wide, patterns) : numeric;
    hit =
      d && inRange(d)
        ? { ok: true, value: isoDay(d) }
        : {
            ok: false,
            reason: `"${text}" is not a date (expected yyyy-MM-dd or ${describeOrder(order)}; impossible dates like 31/02 are refused)`,
          };
    memo.set(raw, hit);
    return hit;
  };
}

const API_OFFSET = /(T\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/;
const DATE_AND_TIME = /^(.+?)(?:\s+|T)(\d{1,2}:\d{2}.*)$/;

/**
 * A date with an optional time → 'YYYY-MM-DDTHH:mm:ss' (the org's wall-clock time, as exported).
 * The date part goes through the memoised date parser (an export has few distinct days, while
 * nearly every date-time is unique); the time of day is a fixed small grammar.
 */
export function dateTimeParser(order: DateOrder): (text: string) => Parsed<string> {
  const date = dateParser(order);
  const timeOf = (text: string) => time(text.trim());
  return (raw) => {
    let text = raw.trim();
    // The usual shape, "date time" split at its only space, without the general pattern below.
    const space = text.indexOf(' ');
    if (space > 0 && !text.includes('T')) {
      const t = timeOf(text.slice(space + 1));
      const d = t === null ? null : date(text.slice(0, space));
      if (d?.ok) return { ok: true, value: `${d.value}T${t}` };
    }
    // Zoho API style times carry an offset: the wall-clock part is what the org saw.
    if (text.includes('T')) text = text.replace(API_OFFSET, '$1');
    const m = DATE_AND_TIME.exec(text);
    const d = date(m ? m[1] : text);
    const t = m ? timeOf(m[2]) : '00:00:00';
    if (!d.ok || t === null) return { ok: false, reason: `"${raw.trim()}" is not a date and time` };
    return { ok: true, value: `${d.value}T${t}` };
  };
}

const GROUPED_POINT = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
/** Indian grouping (lakh, crore): 1,23,45,678.00. */
const GROUPED_INDIAN = /^\d{1,2}(,\d{2})+,\d{3}(\.\d+)?$/;
const GROUPED_SPACE = /^\d{1,3}( \d{3})+([.,]\d+)?$/;
const GROUPED_COMMA = /^\d{1,3}(\.\d{3})+(,\d+)?$/;
const PLAIN_POINT = /^\d+(\.\d+)?$|^\.\d+$/;
const PLAIN_COMMA = /^\d+(,\d+)?$/;
const DECIMAL_COMMA_ONLY = /^\d+,(\d{1,2}|\d{4,})$/;
const DECIMAL_POINT_ONLY = /^\d+\.(\d{1,2}|\d{4,})$/;

/**
 * A number as people and Excel write it: "1,234,567.89", "12,34,567.89" (Indian), "1 234 567", "(1,200.00)" for a
 * negative, a currency code or symbol around it ("S$ 12,000", "12000 SGD"). With a decimal
 * comma (semicolon files) "1.234,5" is 1234.5. Anything else is refused, never guessed.
 */
export function parseNumber(raw: string, mark: DecimalMark = 'point'): Parsed<number> {
  // The two shapes nearly every amount has, read without the clean-up below (same results).
  if (mark === 'point') {
    if (PLAIN_POINT.test(raw)) return { ok: true, value: Number(raw) };
    if (GROUPED_POINT.test(raw)) return { ok: true, value: Number(raw.replace(/,/g, '')) };
  }
  let text = raw.replace(/[\u00a0\u202f]/g, ' ').trim();
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  text = text
    .replace(/^[A-Za-z]{0,3}\s?[$€£¥₹]?\s*/, '')
    .replace(/\s*[A-Za-z]{3}$/, '')
    .trim();
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1).trim();
  }
  let normal: string | null = null;
  if (mark === 'point') {
    if (PLAIN_POINT.test(text)) normal = text;
    else if (GROUPED_POINT.test(text) || GROUPED_INDIAN.test(text)) normal = text.replace(/,/g, '');
    else if (GROUPED_SPACE.test(text)) normal = text.replace(/ /g, '').replace(',', '.');
    // "12,5": a comma not followed by exactly three digits cannot be a thousands separator.
    else if (DECIMAL_COMMA_ONLY.test(text)) normal = text.replace(',', '.');
  } else {
    if (PLAIN_COMMA.test(text)) normal = text.replace(',', '.');
    else if (GROUPED_COMMA.test(text)) normal = text.replace(/\./g, '').replace(',', '.');
    else if (GROUPED_SPACE.test(text)) normal = text.replace(/ /g, '').replace(',', '.');
    // "1234.56" in a semicolon file: a point not followed by exactly three digits is a decimal point.
    else if (DECIMAL_POINT_ONLY.test(text)) normal = text;
  }
  const n = normal === null ? NaN : Number(normal);
  if (!Number.isFinite(n)) return { ok: false, reason: `"${raw.trim()}" is not a number` };
  return { ok: true, value: negative ? -n : n };
}

/**
 * Which day/month order a column of dates proves: a first part above 12 means day first, a second
 * part above 12 month first; null when every value fits both (then the user's choice decides).
 */
export function detectDateOrder(samples: Iterable<string>): DateOrder | null {
  for (const s of samples) {
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2}\b)/.exec(s.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) return 'dmy';
    if (Number(m[2]) > 12) return 'mdy';
  }
  return null;
}
