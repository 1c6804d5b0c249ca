/**
 * Zoho answers every date-time in the org's time zone with an explicit offset, e.g.
 * `2026-05-02T11:17:33+08:00`, and every date as `YYYY-MM-DD`. The demo org lives in
 * Asia/Singapore (UTC+08:00, no daylight saving), so a fixed offset is exact.
 */
export const ORG_TIME_ZONE = 'Asia/Singapore';
const OFFSET_MS = 8 * 3600_000;
const OFFSET_TEXT = '+08:00';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function zohoDateTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}${OFFSET_TEXT}`;
}

/** The calendar date in the org time zone. */
export function zohoDate(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Parses ISO 8601 (with offset) or an HTTP date; NaN when it is neither. */
export function parseDateTime(text: string): number {
  if (!text) return NaN;
  return Date.parse(text.trim());
}

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(text: string): boolean {
  if (!DATE_RE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export const DAY_MS = 86_400_000;
