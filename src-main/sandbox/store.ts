/**
 * The in-memory Deals table. Ids are issued in increasing order, so the `ids` array is always
 * sorted and a page is a slice by index: serving page 400 of 100,000 deals touches 200 records.
 * A Modified_Time-ordered view is cached and rebuilt only after a change.
 */
import { dealId } from './generator';
import { parseDateTime, zohoDateTime } from './time';
import type { DealRecord, DeletedRecord, LookupRef } from './types';

export interface Entry {
  rec: DealRecord;
  createdMs: number;
  modifiedMs: number;
}

export type SortBy = 'id' | 'Created_Time' | 'Modified_Time';

export class DealStore {
  private readonly entries = new Map<string, Entry>();
  private ids: string[] = [];
  private nextSeq: number;
  private version = 0;
  private idView: { version: number; list: Entry[] } | null = null;
  private modifiedView: { version: number; list: Entry[] } | null = null;
  readonly deleted: DeletedRecord[] = [];
  /** Called after every change, with the change (used by persistence). */
  onChange: () => void = () => {};

  constructor(deals: DealRecord[], nextSeq: number, deleted: DeletedRecord[] = []) {
    for (const d of deals) this.entries.set(d.id, toEntry(d));
    this.ids = [...this.entries.keys()].sort();
    this.nextSeq = nextSeq;
    this.deleted.push(...deleted);
  }

  get size(): number {
    return this.ids.length;
  }

  get sequence(): number {
    return this.nextSeq;
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  /** All entries in id order (shared array: do not mutate). */
  byId(): readonly string[] {
    return this.ids;
  }

  entryAt(i: number): Entry {
    return this.entries.get(this.ids[i])!;
  }

  /** Entries sorted by the given key ascending, ties by id. */
  sorted(sortBy: SortBy): readonly Entry[] {
    if (sortBy === 'id' || sortBy === 'Created_Time') {
      // Created_Time grows with id (ids are issued at creation), so id order is creation order.
      if (!this.idView || this.idView.version !== this.version) {
        this.idView = { version: this.version, list: this.ids.map((id) => this.entries.get(id)!) };
      }
      return this.idView.list;
    }
    if (!this.modifiedView || this.modifiedView.version !== this.version) {
      const list = this.ids.map((id) => this.entries.get(id)!);
      list.sort((a, b) => a.modifiedMs - b.modifiedMs || (a.rec.id < b.rec.id ? -1 : 1));
      this.modifiedView = { version: this.version, list };
    }
    return this.modifiedView.list;
  }

  newId(): string {
    return dealId(this.nextSeq++);
  }

  insert(rec: DealRecord): Entry {
    const e = toEntry(rec);
    this.entries.set(rec.id, e);
    if (this.ids.length === 0 || this.ids[this.ids.length - 1] < rec.id) this.ids.push(rec.id);
    else this.ids = [...this.entries.keys()].sort();
    this.touch();
    return e;
  }

  /** Replaces the record (same id); Modified_Time must already be set by the caller. */
  replace(rec: DealRecord): Entry {
    const e = toEntry(rec);
    this.entries.set(rec.id, e);
    this.touch();
    return e;
  }

  remove(id: string, by: LookupRef, nowMs: number, type: 'recycle' | 'permanent' = 'recycle'): DealRecord | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    this.entries.delete(id);
    const idx = binarySearch(this.ids, id);
    if (idx >= 0) this.ids.splice(idx, 1);
    const createdBy = (e.rec.Created_By as LookupRef | undefined) ?? by;
    this.deleted.push({
      id,
      display_name: e.rec.Deal_Name,
      type,
      deleted_time: zohoDateTime(nowMs),
      deleted_by: { name: by.name, id: by.id },
      created_by: { name: createdBy.name, id: createdBy.id },
    });
    this.touch();
    return e.rec;
  }

  all(): DealRecord[] {
    return this.ids.map((id) => this.entries.get(id)!.rec);
  }

  private touch(): void {
    this.version++;
    this.onChange();
  }
}

function toEntry(rec: DealRecord): Entry {
  return { rec, createdMs: parseDateTime(rec.Created_Time), modifiedMs: parseDateTime(rec.Modified_Time) };
}

function binarySearch(sorted: string[], id: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === id) return mid;
    if (sorted[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** First index in a Modified_Time-sorted list whose time is strictly after `ms`. */
export function firstModifiedAfter(list: readonly Entry[], ms: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].modifiedMs > ms) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
