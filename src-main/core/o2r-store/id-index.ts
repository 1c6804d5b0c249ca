/**
 * Deal id → row of the opportunity columns, as an open-addressing hash table in one Int32Array
 * over the columns' own id strings: at 1,000,000 deals a Map<string, number> cost ~30 MB of heap
 * and ~0.8 s of a full pass (each id read from SQLite is a new string to hash and place); this
 * table costs 8 MB and is sized once. Ids are never taken out (a removed deal keeps its row,
 * opportunity-columns.ts), so there are no tombstones.
 */
export class IdIndex {
  /** row + 1 per slot; 0 is an empty slot. */
  private slots = new Int32Array(1024);
  private mask = 1023;
  private used = 0;

  constructor(private readonly ids: () => readonly string[]) {}

  /** The row of `id`, or -1. */
  get(id: string): number {
    const ids = this.ids();
    const { slots, mask } = this;
    for (let i = hash(id) & mask; ; i = (i + 1) & mask) {
      const s = slots[i];
      if (s === 0) return -1;
      if (ids[s - 1] === id) return s - 1;
    }
  }

  /** Adds a new id (not in the table) at `row`. */
  add(id: string, row: number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    this.place(hash(id), row);
    this.used++;
  }

  /** Room for `n` ids without growing again (a full pass knows how many deals there are). */
  reserve(n: number): void {
    let size = this.slots.length;
    while (n * 2 > size) size *= 2;
    if (size > this.slots.length) this.rehash(size);
  }

  private place(h: number, row: number): void {
    const { slots, mask } = this;
    let i = h & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = row + 1;
  }

  private rehash(size: number): void {
    const old = this.slots;
    const ids = this.ids();
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (const s of old) if (s !== 0) this.place(hash(ids[s - 1]), s - 1);
  }
}

/** FNV-1a over the UTF-16 code units, then mixed (ids often differ in their last digits only). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
