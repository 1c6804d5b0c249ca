/**
 * Calendar dates as plain day numbers (days since 1970-01-01).
 *
 * Why not `Date`: computeOpportunity runs for every deal on every recompute (100k in well under a
 * second), and allocating Date objects for six milestones per deal is the dominant cost. These
 * helpers read the digits of 'YYYY-MM-DD' directly and do integer arithmetic (Howard Hinnant's
 * days_from_civil), with no time zone involved: a calendar date is a calendar date.
 */

/** Day numbers are integers; an invalid or missing date is NaN so every comparison with it is false. */
export type DayNumber = number;

const CODE_0 = 48;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - CODE_0;
  return d >= 0 && d <= 9 ? d : NaN;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 for a proleptic Gregorian y-m-d (m 1..12). */
export function daysFromCivil(y: number, m: number, d: number): DayNumber {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Parse the first ten characters of a string as 'YYYY-MM-DD'.
 * Also accepts a full ISO timestamp ('2024-05-01T10:00:00+05:30'): its calendar date is taken as
 * written, without converting zones (the caller decides which zone its strings are in).
 * Returns NaN for null, '', or anything that is not a real calendar date.
 */
export function toDay(value: string | null | undefined): DayNumber {
  if (!value || value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return NaN;
  const y = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const m = digit(value, 5) * 10 + digit(value, 6);
  const d = digit(value, 8) * 10 + digit(value, 9);
  // NaN fails every comparison below, so a non-digit anywhere lands here too.
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return NaN;
  return daysFromCivil(y, m, d);
}

/** True for a valid day number (not NaN). */
export function isDay(day: DayNumber): boolean {
  return day === day;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Inverse of toDay: day number → 'YYYY-MM-DD' (Hinnant's civil_from_days). */
export function fromDay(day: DayNumber): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** ISO weekday with Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function weekdayMon0(day: DayNumber): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Parse a required date argument (such as `today`); throws so a bad caller fails loudly. */
export function requireDay(value: string, what = 'date'): DayNumber {
  const day = toDay(value);
  if (!isDay(day)) throw new RangeError(`${what} must be 'YYYY-MM-DD', got ${JSON.stringify(value)}`);
  return day;
}
