import type { Database, Statement } from 'better-sqlite3';
import { homePerBase, type RateTable } from '../currency/convert';
import { DEAL_COLUMNS, dealRow } from './deal-columns';
import type { FieldMapping } from './mapping-guess';
import type { ZohoRecord } from './normalize';

export interface IngestCounts {
  added: number;
  changed: number;
  /** Seen again with identical content (an overlap or a resumed page): nothing rewritten. */
  unchanged: number;
  removed: number;
}

export const zeroCounts = (): IngestCounts => ({ added: 0, changed: 0, unchanged: 0, removed: 0 });

/** A page's counts plus the ids it added or changed (what listeners are told about). */
export interface PageResult extends IngestCounts {
  ids: string[];
}

/**
 * Bulk writes of deals with prepared statements, one transaction per page. The caller passes a
 * `also` callback that runs inside the same transaction (the checkpoint), so a page and the
 * cursor that says it was stored are committed together or not at all.
 *
 * Idempotent: a record whose canonical JSON equals the stored one is not rewritten (only its
 * full-sync generation is bumped), so overlaps and resumed pages cost almost nothing and are
 * never counted as changes.
 */
export class Ingestor {
  private readonly upsert: Statement;
  private readonly upsertRaw: Statement;
  private readonly lookup: Statement;
  private readonly maxId: Statement;
  private readonly touchGen: Statement;
  private readonly del: Statement;
  private readonly hpb: number | null;

  constructor(
    private readonly sqlite: Database,
    private readonly mapping: FieldMapping,
    private readonly rates: RateTable,
  ) {
    const cols = DEAL_COLUMNS.join(', ');
    const params = DEAL_COLUMNS.map(() => '?').join(', ');
    // A delta (gen null) must not erase the generation mark a full sync left.
    const updates = DEAL_COLUMNS.filter((c) => c !== 'id')
      .map((c) =>
        c === 'sync_gen' ? 'sync_gen = coalesce(excluded.sync_gen, deals.sync_gen)' : `${c} = excluded.${c}`,
      )
      .join(', ');
    this.upsert = sqlite.prepare(
      `INSERT INTO deals (${cols}) VALUES (${params}) ON CONFLICT(id) DO UPDATE SET ${updates}`,
    );
    this.upsertRaw = sqlite.prepare(
      'INSERT INTO deal_raw (id, raw) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET raw = excluded.raw',
    );
    this.lookup = sqlite.prepare('SELECT raw FROM deal_raw WHERE id = ?').pluck();
    this.maxId = sqlite.prepare('SELECT max(id) FROM deal_raw').pluck();
    this.touchGen = sqlite.prepare('UPDATE deals SET sync_gen = ? WHERE id = ? AND sync_gen IS NOT ?');
    this.del = sqlite.prepare('DELETE FROM deals WHERE id = ?');
    this.hpb = homePerBase(rates);
  }

  /**
   * Upserts one page (and runs `also`, given the page's counts) in one transaction. `gen` marks
   * the deals as seen by a full sync.
   */
  page(records: readonly ZohoRecord[], gen: number | null, also?: (page: PageResult) => void): PageResult {
    const counts: PageResult = { ...zeroCounts(), ids: [] };
    const now = new Date().toISOString();
    this.sqlite.transaction(() => {
      // An id above the greatest stored one (in SQLite's text order, which JavaScript's string
      // order matches for ids) cannot be stored yet: a first sync's pages, in id order, skip the
      // look-up. `above` follows the ids written, so a repeated id is still looked up.
      let above = (this.maxId.get() as string | null) ?? '';
      const raws: string[] = [];
      for (const rec of records) {
        const raw = JSON.stringify(rec);
        const fresh = rec.id > above;
        const existing = fresh ? undefined : (this.lookup.get(rec.id) as string | undefined);
        if (existing === raw) {
          if (gen !== null) this.touchGen.run(gen, rec.id, gen);
          counts.unchanged++;
          continue;
        }
        this.upsert.run(dealRow(rec, this.mapping, this.rates, this.hpb, now, gen));
        raws.push(raw);
        if (fresh) above = rec.id;
        if (existing === undefined) counts.added++;
        else counts.changed++;
        counts.ids.push(rec.id);
      }
      // The raw records after the page's deals, not one after each: rows written alternately
      // leave the deals table's pages alternating with deal_raw's in the file, and a full read
      // of deals from a cold disk cache then costs one small read per page (ARCHITECTURE.md,
      // "Deals table on disk").
      for (let i = 0; i < raws.length; i++) this.upsertRaw.run(counts.ids[i], raws[i]);
      also?.(counts);
    })();
    return counts;
  }

  /** Deletes by id in one transaction (ids not cached are ignored, so replays are harmless). */
  remove(ids: readonly string[], also?: (removed: number) => void): string[] {
    const removed: string[] = [];
    this.sqlite.transaction(() => {
      for (const id of ids) if (this.del.run(id).changes > 0) removed.push(id);
      also?.(removed.length);
    })();
    return removed;
  }
}
