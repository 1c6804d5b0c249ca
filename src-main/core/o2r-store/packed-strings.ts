/**
 * One string per row, held as UTF-8 bytes in one growing buffer (opportunity-columns.ts keeps the
 * deals' names here): at 1,000,000 deals names as JS strings cost ~100 MB of heap (a name with a
 * dash '–' is a two-byte string in V8) and were copied by every garbage collection that moved
 * them; as bytes they cost ~45 MB outside the heap. Setting the value a row already holds writes
 * nothing (the bytes are compared); a changed value is appended and the old bytes become waste,
 * dropped by a compaction when waste passes half the buffer. Each value is followed by a 0 byte,
 * so a run of rows laid out in order (a full pass writes them so) is decoded by one call and split
 * (`range`): a search over a million names pays one decode per thousand rows, not one per row.
 */
import { SHORT_TEXT, writeUtf8 } from '../columns/utf8';

/** Whether the `n` bytes at `a` and at `b` are equal (short runs in JS, long ones natively). */
function sameBytes(bytes: Buffer, a: number, b: number, n: number): boolean {
  if (n > SHORT_TEXT) return bytes.compare(bytes, a, a + n, b, b + n) === 0;
  for (let i = 0; i < n; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

export class PackedStrings {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private waste = 0;
  /** The row whose value was appended last; a row appended after a later one breaks row order. */
  private lastRow = -1;
  private outOfOrder = false;
  /**
   * Whether the bytes in use are exactly rows 0…lastRow, each its bytes and a 0, in order (a first
   * full pass appends so): growing then copies them at once, not row by row.
   */
  private dense = true;
  private start = new Uint32Array(0);
  private length = new Uint32Array(0);

  /** Room for rows up to `size` (the columns grow together). */
  resize(size: number): void {
    const start = new Uint32Array(size);
    const length = new Uint32Array(size);
    start.set(this.start.subarray(0, size));
    length.set(this.length.subarray(0, size));
    this.start = start;
    this.length = length;
  }

  get(r: number): string {
    const s = this.start[r];
    return this.bytes.toString('utf8', s, s + this.length[r]);
  }

  set(r: number, value: string): void {
    const len = value.length;
    if (this.used + len * 3 + 1 > this.bytes.length) this.makeRoom(len * 3 + 1);
    const at = this.used;
    const bytes = this.bytes;
    const n = writeUtf8(value, bytes, at);
    const old = this.length[r];
    if (old === n && sameBytes(bytes, this.start[r], at, n)) return;
    this.waste += old + 1;
    bytes[at + n] = 0;
    if (r <= this.lastRow) this.outOfOrder = true;
    if (r !== this.lastRow + 1) this.dense = false;
    this.lastRow = r;
    this.start[r] = at;
    this.length[r] = n;
    this.used += n + 1;
  }

  /**
   * The values of rows [from, to) with one decode, when they lie one after the other in the
   * buffer (else null: read them one by one).
   */
  range(from: number, to: number, lower = false): string[] | null {
    if (to <= from) return [];
    const first = this.start[from];
    const end = this.start[to - 1] + this.length[to - 1];
    let span = -1;
    for (let r = from; r < to; r++) span += this.length[r] + 1;
    if (end - first !== span) return null;
    for (let r = from + 1; r < to; r++) if (this.start[r] !== this.start[r - 1] + this.length[r - 1] + 1) return null;
    const text = this.bytes.toString('utf8', first, end);
    // Lower-casing the run at once equals lower-casing each value: the 0 between them is no letter.
    const parts = (lower ? text.toLowerCase() : text).split('\u0000');
    return parts.length === to - from ? parts : null;
  }

  /**
   * Copies the live bytes (and a 0 for every row) into a buffer twice what they and `need` take:
   * a first pass over a million names copies them a dozen times, not thirty; trim() gives back
   * what is left over.
   */
  private makeRoom(need: number): void {
    this.copyLive(Math.max(1 << 16, 2 * (this.used - this.waste + this.start.length + need)));
  }

  /**
   * After a full pass: lays the rows out in row order again when rewrites moved some (so `range`
   * reads runs at once), and gives back room a long run of growth left (more than an eighth).
   */
  trim(): void {
    const live = this.used - this.waste;
    if (this.outOfOrder || this.bytes.length - live > (live >> 3) + (1 << 16))
      this.copyLive(live + this.start.length + (1 << 16));
  }

  private copyLive(size: number): void {
    const next = Buffer.allocUnsafe(size);
    if (this.dense && size >= this.used) {
      // Every byte in use is a row's, in row order: one copy, and each row starts where it did.
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
      this.waste = 0;
      return;
    }
    let at = 0;
    for (let r = 0; r < this.start.length; r++) {
      const n = this.length[r];
      this.bytes.copy(next, at, this.start[r], this.start[r] + n);
      next[at + n] = 0;
      this.start[r] = at;
      at += n + 1;
    }
    this.bytes = next;
    this.used = at;
    this.waste = 0;
    this.lastRow = this.start.length - 1;
    this.outOfOrder = false;
    this.dense = true;
  }

  /** Bytes held (the buffer's size), for memory figures. */
  get size(): number {
    return this.bytes.length;
  }
}
