import type { Database } from 'better-sqlite3';
import { bandOf, isOpenStage, isValidDay, isWonStage } from '../../../src-shared/filters/deal-filter';
import { serviceLinesOf, type DealFacts } from './deal-matcher';

/** A deal with what every filter change would otherwise work out again for it. */
export interface Fact extends DealFacts {
  open: boolean;
  won: boolean;
  /** A real YYYY-MM-DD closing date. */
  validClosing: boolean;
  /** YYYY-MM of a valid closing date. */
  month: string | null;
  lines: readonly string[];
  /** The pivot's probability band. */
  band: string | null;
}

export function toFact(d: DealFacts): Fact {
  const validClosing = d.closingDate !== null && isValidDay(d.closingDate);
  return {
    ...d,
    open: isOpenStage(d.stage),
    won: isWonStage(d.stage),
    validClosing,
    month: validClosing ? d.closingDate!.slice(0, 7) : null,
    lines: serviceLinesOf(d),
    band: bandOf(d.probability),
  };
}

const FACT_COLUMNS = `id, name, account_name AS accountName, owner_name AS ownerName, stage, probability, amount,
  amount_home AS amountHome, closing_date AS closingDate, country, territory, service_line AS serviceLine, currency`;

/**
 * The deals' dashboard columns in memory, read in one pass and kept until the deals change
 * (`invalidate`, wired in core-context.ts to every hook that changes deals). A filter change then
 * costs one pass over an array instead of a scan of the table: the Dashboard answers in a few
 * milliseconds with 50,000 deals (`npm run bench`, "filter change").
 */
export class DealFactsCache {
  private rows: Fact[] | null = null;
  private stages: string[] | null = null;
  private snap: { day: string; rows: Fact[] } | null = null;
  private readonly readAll;
  private readonly readStages;
  private readonly readSnapshot;
  private readonly readDays;

  constructor(sqlite: Database) {
    this.readAll = sqlite.prepare<[], DealFacts>(`SELECT ${FACT_COLUMNS} FROM deals`);
    this.readStages = sqlite.prepare<[], { name: string }>('SELECT name FROM deal_stages ORDER BY sequence, name');
    // A snapshot keeps stage, amounts, probability and closing date as they were that day; who owns
    // the deal, its country and the like are read as they are now (a deal since deleted keeps none).
    this.readSnapshot = sqlite.prepare<[string], DealFacts>(
      `SELECT s.deal_id AS id, coalesce(d.name, '(deleted deal)') AS name, d.account_name AS accountName,
         d.owner_name AS ownerName, s.stage, s.probability, s.amount, s.amount_home AS amountHome,
         s.closing_date AS closingDate, d.country, d.territory, d.service_line AS serviceLine, d.currency
       FROM deal_snapshots s LEFT JOIN deals d ON d.id = s.deal_id WHERE s.day = ?`,
    );
    this.readDays = sqlite.prepare<[], { day: string }>('SELECT DISTINCT day FROM deal_snapshots ORDER BY day');
  }

  /** Every cached deal (open and closed). */
  all(): Fact[] {
    return (this.rows ??= this.readAll.all().map(toFact));
  }

  /** The CRM's stage order (its pipeline's sequence); empty before the first sync read the metadata. */
  stageOrder(): string[] {
    return (this.stages ??= this.readStages.all().map((s) => s.name));
  }

  /** The days that have a snapshot, oldest first. */
  snapshotDays(): string[] {
    return this.readDays.all().map((r) => r.day);
  }

  /** The latest snapshot day on or before `day`, or null. */
  snapshotDayOnOrBefore(day: string): string | null {
    let found: string | null = null;
    for (const d of this.snapshotDays()) if (d <= day) found = d;
    return found;
  }

  /** The open deals as the snapshot of `day` saw them. */
  snapshot(day: string): Fact[] {
    if (this.snap?.day !== day) this.snap = { day, rows: this.readSnapshot.all(day).map(toFact) };
    return this.snap.rows;
  }

  invalidate(): void {
    this.rows = null;
    this.stages = null;
    this.snap = null;
  }
}
