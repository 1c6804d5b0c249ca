/**
 * One string per row, held as UTF-8 bytes in one growing buffer (opportunity-columns.ts keeps the
 * deals' names here): at 1,000,000 deals names as JS strings cost ~100 MB of heap (a name with a
 * dash '–' is a two-byte string in V8) and were copied by every garbage collection that moved
 * them; as bytes they cost ~45 MB outside the heap. Setting the value a row already holds writes
 * nothing (the bytes are compared); a changed value is appended and the old bytes become waste,
 * dropped by a compaction when waste passes half the buffer.
 */
export class PackedStrings {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private waste = 0;
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
    if (this.used + value.length * 3 > this.bytes.length) this.makeRoom(value.length * 3);
    const at = this.used;
    const n = this.bytes.write(value, at, 'utf8');
    const old = this.length[r];
    if (old === n && this.bytes.compare(this.bytes, this.start[r], this.start[r] + n, at, at + n) === 0) return;
    this.waste += old;
    this.start[r] = at;
    this.length[r] = n;
    this.used += n;
  }

  /** Copies the live bytes into a buffer with room for `need` more (a quarter more than that, for growth). */
  private makeRoom(need: number): void {
    this.copyLive(Math.max(1 << 16, Math.ceil((this.used - this.waste + need) * 1.25)));
  }

  /** Gives back the room a long run of growth left (after a full pass), when it is more than an eighth. */
  trim(): void {
    const live = this.used - this.waste;
    if (this.bytes.length - live > (live >> 3) + (1 << 16)) this.copyLive(live + (1 << 16));
  }

  private copyLive(size: number): void {
    const next = Buffer.allocUnsafe(size);
    let at = 0;
    for (let r = 0; r < this.start.length; r++) {
      const n = this.length[r];
      if (!n) continue;
      this.bytes.copy(next, at, this.start[r], this.start[r] + n);
      this.start[r] = at;
      at += n;
    }
    this.bytes = next;
    this.used = at;
    this.waste = 0;
  }

  /** Bytes held (the buffer's size), for memory figures. */
  get size(): number {
    return this.bytes.length;
  }
}
