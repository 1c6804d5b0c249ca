/**
 * The shared deal filter's vocabulary (docs/dashboard.md#filters): the probability presets sales
 * teams use, the closing-date presets and how they resolve to dates, and the probability bands of
 * the country pivot. Pure: main resolves a filter with it, the renderer labels its chips with it.
 */

export interface ProbabilityPreset {
  id: string;
  label: string;
  min?: number;
  max?: number;
}

export const PROBABILITY_PRESETS: readonly ProbabilityPreset[] = [
  { id: 'all', label: 'All' },
  { id: 'sales', label: 'Sales', min: 10, max: 39 },
  { id: 'presales', label: 'Presales', min: 40, max: 70 },
  { id: 'approval', label: 'Deal approval', min: 71, max: 80 },
  { id: 'delivery', label: 'Delivery', min: 81, max: 100 },
  { id: 'active', label: 'Active', min: 10, max: 89 },
];

/** The preset whose range is exactly min–max, or null for a custom range. */
export function probabilityPresetOf(min: number | undefined, max: number | undefined): ProbabilityPreset | null {
  return PROBABILITY_PRESETS.find((p) => p.min === min && p.max === max) ?? null;
}

export const CLOSING_PRESETS = ['all', 'thisMonth', 'thisQuarter', 'nextQuarter', 'thisYear', 'custom'] as const;
export type ClosingPreset = (typeof CLOSING_PRESETS)[number];

export const CLOSING_LABELS: Record<ClosingPreset, string> = {
  all: 'Any closing date',
  thisMonth: 'This month',
  thisQuarter: 'This quarter',
  nextQuarter: 'Next quarter',
  thisYear: 'This year',
  custom: 'Custom range',
};

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** Last day of month m (1–12) of year y. */
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The closing-date range a preset means on `today` (YYYY-MM-DD, the user's calendar day), both ends
 * inclusive; null for "all". A custom range keeps the dates it was given (either end may be open).
 */
export function closingRange(
  preset: ClosingPreset | undefined,
  today: string,
  custom: { from?: string; to?: string } = {},
): { from?: string; to?: string } | null {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const q = Math.floor((m - 1) / 3); // 0..3
  switch (preset) {
    case 'thisMonth':
      return { from: ymd(y, m, 1), to: ymd(y, m, lastDay(y, m)) };
    case 'thisQuarter':
      return { from: ymd(y, q * 3 + 1, 1), to: ymd(y, q * 3 + 3, lastDay(y, q * 3 + 3)) };
    case 'nextQuarter': {
      const ny = q === 3 ? y + 1 : y;
      const nq = (q + 1) % 4;
      return { from: ymd(ny, nq * 3 + 1, 1), to: ymd(ny, nq * 3 + 3, lastDay(ny, nq * 3 + 3)) };
    }
    case 'thisYear':
      return { from: ymd(y, 1, 1), to: ymd(y, 12, 31) };
    case 'custom':
    case undefined:
      return custom.from || custom.to ? { from: custom.from, to: custom.to } : null;
    default:
      return null;
  }
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A real calendar date written YYYY-MM-DD (what Zoho sends for a date field); anything else is
 * invalid. Remembered per string: the dashboard asks this for every deal on every filter change.
 */
export const isValidDay = memoByString(validDay);

function validDay(s: string): boolean {
  if (s.length !== 10 || s[4] !== '-' || s[7] !== '-') return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || !/^\d{4}-\d{2}-\d{2}$/.test(s))
    return false;
  if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/** The country pivot's probability bands, as the original tool drew them (docs/dashboard.md#pivot). */
export const PROBABILITY_BANDS = [
  { id: '10-40', label: '10–40 %', min: 10, max: 40 },
  { id: '41-70', label: '41–70 %', min: 41, max: 70 },
  { id: '71-80', label: '71–80 %', min: 71, max: 80 },
  { id: '81-100', label: '81–100 %', min: 81, max: 100 },
] as const;

/** The band a probability falls in, or null (below 10 %, or none). */
export function bandOf(probability: number | null): string | null {
  if (probability === null) return null;
  return PROBABILITY_BANDS.find((b) => probability >= b.min && probability <= b.max)?.id ?? null;
}

/**
 * Remembers a function of a string that few distinct values reach (stage names, dates, service
 * lines): the dashboard asks it for each of 50,000 deals on every filter change.
 */
export function memoByString<T>(fn: (s: string) => T, max = 50_000): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined && !seen.has(s)) {
      if (seen.size >= max) seen.clear();
      seen.set(s, (v = fn(s)));
    }
    return v as T;
  };
}

const openByName = memoByString((stage) => {
  const s = stage.toLowerCase();
  return !s.startsWith('closed') && !s.includes('lost');
});
const wonByName = memoByString((stage) => !openByName(stage) && stage.toLowerCase().includes('won'));

/** "Open" = not closed won/lost, judged by stage name (docs/dashboard.md). */
export function isOpenStage(stage: string | null): boolean {
  return stage === null || openByName(stage);
}

/** A closed stage that was won (its name says "won"); every other closed stage counts as lost. */
export function isWonStage(stage: string | null): boolean {
  return stage !== null && wonByName(stage);
}
