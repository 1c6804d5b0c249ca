/**
 * UTF-8 into a buffer for the in-memory columns that hold strings as bytes (the O2R cache's names,
 * o2r-store/packed-strings.ts; the Dashboard's ids and names, deals/deals-in-columns.ts). A
 * million short values each written by a native `Buffer.write` cost more than encoding them here
 * (~0.2 s of a 1,000,000-deal read), so short ones are encoded by hand.
 */

/** Values up to this long are encoded here; longer ones (and surrogate pairs) natively. */
export const SHORT_TEXT = 96;

/**
 * Writes `value` as UTF-8 into `bytes` at `at` and returns how many bytes it took. The caller has
 * made room for 3 bytes a UTF-16 unit (UTF-8's most for one).
 */
export function writeUtf8(value: string, bytes: Buffer, at: number): number {
  const n = value.length <= SHORT_TEXT ? encodedShort(value, bytes, at) : -1;
  return n >= 0 ? n : bytes.write(value, at, 'utf8');
}

/** `value` encoded by hand, or -1 at a surrogate (left to `Buffer.write`, bytes partly written). */
function encodedShort(value: string, bytes: Uint8Array, at: number): number {
  let j = at;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) bytes[j++] = c;
    else if (c < 0x800) {
      bytes[j++] = 0xc0 | (c >> 6);
      bytes[j++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      bytes[j++] = 0xe0 | (c >> 12);
      bytes[j++] = 0x80 | ((c >> 6) & 0x3f);
      bytes[j++] = 0x80 | (c & 0x3f);
    } else return -1;
  }
  return j - at;
}
