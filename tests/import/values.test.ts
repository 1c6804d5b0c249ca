import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../src-main/core/import/decode';
import { dateParser, dateTimeParser, detectDateOrder, parseNumber } from '../../src-main/core/import/values';

/** The values of an export, one by one: what is read, and what is refused with a reason. */
describe('reading export values', () => {
  it('dates in the formats Zoho exports, the chosen order for ambiguous ones, impossible ones refused', () => {
    const dmy = dateParser('dmy');
    const mdy = dateParser('mdy');
    expect(dmy('2026-03-04')).toEqual({ ok: true, value: '2026-03-04' });
    expect(dmy('03/04/2026')).toEqual({ ok: true, value: '2026-04-03' });
    expect(mdy('03/04/2026')).toEqual({ ok: true, value: '2026-03-04' });
    expect(dmy('31-12-2026')).toEqual({ ok: true, value: '2026-12-31' });
    expect(dmy('4-Mar-2026')).toEqual({ ok: true, value: '2026-03-04' });
    expect(dmy('29/02/2024').ok).toBe(true);
    for (const bad of ['31/02/2026', '29/02/2026', '2026-13-01', '13/13/2026', '12/31/2026', 'soon', '03/04/2026x'])
      expect(dmy(bad)).toMatchObject({ ok: false, reason: expect.stringMatching(/is not a date/) });
    expect(mdy('31/12/2026').ok).toBe(false);
  });

  it('two-digit years (Excel re-saved a Zoho export as dd/MM/yy): 00–69 are 2000–2069, 70–99 are 1970–1999', () => {
    const dmy = dateParser('dmy');
    const mdy = dateParser('mdy');
    expect(dmy('03/04/26')).toEqual({ ok: true, value: '2026-04-03' });
    expect(mdy('03/04/26')).toEqual({ ok: true, value: '2026-03-04' });
    expect(dmy('3-4-26')).toEqual({ ok: true, value: '2026-04-03' });
    expect(dmy('31.12.69')).toEqual({ ok: true, value: '2069-12-31' });
    expect(dmy('01/01/70')).toEqual({ ok: true, value: '1970-01-01' });
    expect(mdy('12/31/99')).toEqual({ ok: true, value: '1999-12-31' });
    expect(dmy('29/02/24').ok).toBe(true);
    for (const bad of ['29/02/25', '31/04/26', '13/13/26', '03/04/2'])
      expect(dmy(bad)).toMatchObject({ ok: false, reason: expect.stringMatching(/is not a date/) });
    expect(dateTimeParser('dmy')('02/05/26 11:17')).toEqual({ ok: true, value: '2026-05-02T11:17:00' });
    expect(detectDateOrder(['01/02/26', '25/03/26'])).toBe('dmy');
    expect(detectDateOrder(['01/02/26', '03/25/26 10:00'])).toBe('mdy');
  });

  it('date-times with 24-hour or AM/PM times; the wall-clock part of an API time', () => {
    const p = dateTimeParser('dmy');
    expect(p('02/05/2026 11:17:33')).toEqual({ ok: true, value: '2026-05-02T11:17:33' });
    expect(p('02/05/2026 09:05 PM')).toEqual({ ok: true, value: '2026-05-02T21:05:00' });
    expect(p('2026-05-02T11:17:33+05:30')).toEqual({ ok: true, value: '2026-05-02T11:17:33' });
    expect(p('2026-05-02')).toEqual({ ok: true, value: '2026-05-02T00:00:00' });
    for (const bad of ['02/05/2026 25:00', '02/05/2026 13:00 PM', '31/02/2026 10:00']) expect(p(bad).ok).toBe(false);
  });

  it('numbers with thousands separators (also Indian), negatives in brackets, currency marks; decimal commas in ; files', () => {
    const cases: [string, number][] = [
      ['1234.5', 1234.5],
      ['1,234,567.89', 1234567.89],
      ['12,34,567.00', 1234567],
      ['1 234 567', 1234567],
      ['(1,200.00)', -1200],
      ['-42', -42],
      ['S$ 12,000', 12000],
      ['12000 SGD', 12000],
      ['12,5', 12.5],
    ];
    for (const [text, value] of cases) expect(parseNumber(text), text).toEqual({ ok: true, value });
    expect(parseNumber('1.234,56', 'comma')).toEqual({ ok: true, value: 1234.56 });
    expect(parseNumber('1234.56', 'comma')).toEqual({ ok: true, value: 1234.56 });
    for (const bad of ['12x00', '1.2.3', '1,23,4', 'N/A', '--5', '1,234.5.6'])
      expect(parseNumber(bad), bad).toMatchObject({ ok: false, reason: expect.stringMatching(/is not a number/) });
  });

  it('tells the day/month order a column proves, or nothing when every date fits both', () => {
    expect(detectDateOrder(['01/02/2026', '25/03/2026'])).toBe('dmy');
    expect(detectDateOrder(['01/02/2026', '03/25/2026'])).toBe('mdy');
    expect(detectDateOrder(['01/02/2026', '2026-05-01'])).toBeNull();
  });

  it('decodes UTF-8 with and without BOM, UTF-16 with BOM, and Windows-1252; refuses an empty file', () => {
    const text = 'Deal Name,Account\nCafé Müller – Phase 2,Søn & Co\n';
    expect(decodeCsvBytes(Buffer.from('\uFEFF' + text))).toEqual({ text, encoding: 'UTF-8 (BOM)' });
    expect(decodeCsvBytes(Buffer.from(text))).toEqual({ text, encoding: 'UTF-8' });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]))).toEqual({
      text,
      encoding: 'UTF-16LE',
    });
    expect(decodeCsvBytes(iconv.encode(text, 'windows-1252'))).toEqual({ text, encoding: 'windows-1252' });
    expect(() => decodeCsvBytes(Buffer.alloc(0))).toThrow(/The file is empty/);
  });
});
