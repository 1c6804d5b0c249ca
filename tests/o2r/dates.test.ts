import { describe, expect, it } from 'vitest';
import { fromDay, requireDay, toDay, weekdayMon0 } from '../../src-main/core/o2r/dates';

describe('day numbers', () => {
  it('matches the epoch and Date.UTC for a range of dates', () => {
    expect(toDay('1970-01-01')).toBe(0);
    for (const s of ['1999-12-31', '2000-02-29', '2024-02-29', '2024-03-01', '2100-03-01', '1969-12-31']) {
      expect(toDay(s)).toBe(Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86_400_000);
      expect(fromDay(toDay(s))).toBe(s);
    }
  });
  it('reads the date part of an ISO timestamp as written', () => {
    expect(toDay('2024-05-01T23:30:00+05:30')).toBe(toDay('2024-05-01'));
  });
  it('returns NaN for missing or invalid dates', () => {
    for (const s of [
      null,
      undefined,
      '',
      '2024-13-01',
      '2023-02-29',
      '2024-04-31',
      '2024/01/01',
      'abcd-ef-gh',
      '2024-1-1',
    ]) {
      expect(Number.isNaN(toDay(s))).toBe(true);
    }
  });
  it('knows the weekday (Monday = 0)', () => {
    expect(weekdayMon0(toDay('2024-07-15'))).toBe(0); // Monday
    expect(weekdayMon0(toDay('2024-07-21'))).toBe(6); // Sunday
    expect(weekdayMon0(toDay('1969-12-29'))).toBe(0); // Monday before the epoch
  });
  it('rejects a bad required date loudly', () => {
    expect(() => requireDay('2024-02-30', 'today')).toThrow(RangeError);
  });
});
