/**
 * Zoho's Modified_Time ('2026-11-25T11:42:18+08:00') as three numbers instead of a string per
 * deal (opportunity-columns.ts): its calendar day (what the weekly review reads), the second of
 * that day and the UTC offset in minutes. Only text in exactly that shape (or with 'Z') is
 * encoded, so formatting it back gives the very same text; anything else is kept as text.
 */
import { fromDay, toDay } from '../o2r/index';

/** No day: the value is null, or kept as text. */
export const NO_DAY = -0x80000000;
/** The offset of a 'Z' time (a real offset is within ±18 h = ±1080 min). */
const ZULU = 0x7fff;

export interface EncodedTime {
  day: number;
  second: number;
  offset: number;
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/** Encodes into `out` and returns true, or returns false when the text is not in the exact shape. */
export function encodeTime(s: string, out: EncodedTime): boolean {
  const zulu = s.length === 20 && s.charCodeAt(19) === 90; // 'Z'
  if (!zulu && s.length !== 25) return false;
  if (s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false; // T : :
  const day = toDay(s);
  const h = two(s, 11);
  const m = two(s, 14);
  const sec = two(s, 17);
  if (!(day === day && h < 24 && m < 60 && sec < 60)) return false; // NaN fails every test
  let offset = ZULU;
  if (!zulu) {
    const sign = s.charCodeAt(19);
    const oh = two(s, 20);
    const om = two(s, 23);
    if ((sign !== 43 && sign !== 45) || s.charCodeAt(22) !== 58 || !(oh <= 18 && om < 60)) return false;
    offset = (sign === 45 ? -1 : 1) * (oh * 60 + om);
    if (offset === 0 && sign === 45) return false; // '-00:00' would come back as '+00:00'
  }
  out.day = day;
  out.second = h * 3600 + m * 60 + sec;
  out.offset = offset;
  return true;
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The text `encodeTime` read. */
export function formatTime(day: number, second: number, offset: number): string {
  const time = `${fromDay(day)}T${pad(Math.floor(second / 3600))}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}`;
  if (offset === ZULU) return `${time}Z`;
  const a = Math.abs(offset);
  return `${time}${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
