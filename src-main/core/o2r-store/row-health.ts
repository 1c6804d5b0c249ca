/**
 * A health per deal, by row of the opportunity cache: one byte a deal (0 none, else the health
 * code + 1; opportunity-columns.ts). Deals that have no row when it is read (removed deals, or
 * deals a later sync brings back) are kept by id aside, so a row added afterwards still finds
 * its health. Read again when the cache renumbers its rows (`layout`).
 */
import type { Statement } from 'better-sqlite3';
import type { Health } from '../o2r/index';
import { HEALTH_CODE, HEALTH_CODES } from './opportunity-columns';

/** What the health history needs of the cache's rows. */
export interface DealRows {
  readonly layout: number;
  readonly ids: readonly string[];
  /** Health code by row. */
  readonly health: Uint8Array;
  rowOf(id: string): number | undefined;
}

export class RowHealth {
  private byRow: Uint8Array;
  private readonly aside = new Map<string, number>();

  private constructor(
    readonly layout: number,
    size: number,
  ) {
    this.byRow = new Uint8Array(size);
  }

  /** Reads `stmt`'s (deal id, health) rows, row by row (no array of a million row objects). */
  static read(stmt: Statement, param: string, deals: DealRows): RowHealth {
    const out = new RowHealth(deals.layout, deals.ids.length);
    for (const [id, health] of stmt.raw().iterate(param) as IterableIterator<[string, string]>) {
      const code = (HEALTH_CODE[health as Health] ?? -1) + 1;
      if (!code) continue;
      const r = deals.rowOf(id);
      if (r === undefined) out.aside.set(id, code);
      else out.set(r, code);
    }
    return out;
  }

  /** Whether the rows still mean what they meant when read. */
  fits(deals: DealRows): boolean {
    return this.layout === deals.layout;
  }

  /** 0 for none, else the health code + 1. */
  code(row: number, id: string): number {
    const c = row < this.byRow.length ? this.byRow[row] : 0;
    return c || (this.aside.size ? (this.aside.get(id) ?? 0) : 0);
  }

  health(row: number, id: string): Health | null {
    const c = this.code(row, id);
    return c ? HEALTH_CODES[c - 1] : null;
  }

  set(row: number, code: number): void {
    if (row >= this.byRow.length) {
      const wider = new Uint8Array(Math.max(row + 1, this.byRow.length * 2, 1024));
      wider.set(this.byRow);
      this.byRow = wider;
    }
    this.byRow[row] = code;
  }
}
