import type { Database } from 'better-sqlite3';
import { isOpenStage, isWonStage } from '../../src-shared/filters/deal-filter';
import { localDay } from '../core/sync/snapshots';
import { intBetween, mulberry32, type Rng } from '../sandbox/prng';

/** How far back the demo's pipeline history reaches on first start. */
export const DEMO_HISTORY_DAYS = 60;

interface DealNow {
  id: string;
  stage: string | null;
  amount: number | null;
  amount_home: number | null;
  probability: number | null;
  closing_date: string | null;
  created_time: string | null;
}

interface State {
  stage: string | null;
  probability: number | null;
  amount: number | null;
  amountHome: number | null;
  closingDate: string | null;
}

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);

/**
 * ~60 days of daily snapshots for the demo workspace, so "What moved" and the pipeline over time
 * have something to show on first start (a real account builds its history one sync a day).
 * Walks each deal back from how it is now: a deal created since did not exist before; a deal closed
 * since was open in its last open stage until it closed; on some days a deal had moved a stage on,
 * had its amount changed, or its closing date pushed out or pulled in — the same kinds of change
 * "What moved" sorts into buckets. Seeded: every newcomer sees the same history. Writes only days
 * that have no snapshot yet, and only when no earlier day has one (a first start).
 * Returns the number of days written.
 */
export function seedSnapshotHistory(sqlite: Database, seed: number, today = localDay()): number {
  const earlier = sqlite.prepare('SELECT 1 FROM deal_snapshots WHERE day < ? LIMIT 1').get(today);
  if (earlier) return 0;
  const deals = sqlite
    .prepare<[], DealNow>(
      'SELECT id, stage, amount, amount_home, probability, closing_date, created_time FROM deals ORDER BY id',
    )
    .all();
  const stages = sqlite
    .prepare<[], { name: string; probability: number | null }>(
      'SELECT name, probability FROM deal_stages ORDER BY sequence',
    )
    .all()
    .filter((s) => isOpenStage(s.name));
  const insert = sqlite.prepare(
    `INSERT OR IGNORE INTO deal_snapshots (day, deal_id, stage, amount, amount_home, probability, closing_date)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (const d of deals) {
      const rng = mulberry32(seed ^ hash(d.id));
      const created = d.created_time ? d.created_time.slice(0, 10) : null;
      let state: State | null = isOpenStage(d.stage) ? now(d) : null;
      // The sandbox dates many closed deals today (their closing date is capped at today): spread
      // those closings over the last weeks, as a real pipeline closes deals.
      const closedOn =
        d.closing_date && d.closing_date >= addDays(today, -1)
          ? addDays(today, -intBetween(rng, 0, 45))
          : d.closing_date;
      for (let k = 1; k <= DEMO_HISTORY_DAYS; k++) {
        const day = addDays(today, -k);
        if (created && day < created) break;
        // Closed on or after this day: the day before it closed, it was still open.
        if (!state && closedOn && day < closedOn && !isOpenStage(d.stage)) state = lastOpenState(d, stages, rng);
        if (!state) continue;
        state = rng() < 0.035 ? earlierState(state, stages, rng) : state;
        insert.run(day, d.id, state.stage, state.amount, state.amountHome, state.probability, state.closingDate);
      }
    }
  })();
  return DEMO_HISTORY_DAYS;
}

function now(d: DealNow): State {
  return {
    stage: d.stage,
    probability: d.probability,
    amount: d.amount,
    amountHome: d.amount_home,
    closingDate: d.closing_date,
  };
}

type OpenStage = { name: string; probability: number | null };

function lastOpenState(d: DealNow, stages: readonly OpenStage[], rng: Rng): State | null {
  if (stages.length === 0) return null;
  // A won deal was in one of the last stages; a lost one could have been anywhere.
  const from = isWonStage(d.stage) ? Math.max(0, stages.length - 4) : 0;
  const s = stages[intBetween(rng, from, stages.length - 1)];
  return { ...now(d), stage: s.name, probability: s.probability };
}

/** The state a deal was in before one change (walking back in time). */
function earlierState(s: State, stages: readonly OpenStage[], rng: Rng): State {
  const r = rng();
  const at = stages.findIndex((x) => x.name === s.stage);
  if (r < 0.35 && at > 0) {
    const prev = stages[at - 1 - (rng() < 0.15 && at > 1 ? 1 : 0)];
    return { ...s, stage: prev.name, probability: prev.probability };
  }
  if (r < 0.45 && at >= 0 && at < stages.length - 1) {
    // It had been further along and slipped back since.
    const next = stages[at + 1];
    return { ...s, stage: next.name, probability: next.probability };
  }
  if (r < 0.75 && s.amount !== null) {
    const factor = 1 / (1 + (rng() * 0.5 - 0.2)); // the change since was −20 %…+30 %
    const round = (v: number | null) => (v === null ? null : Math.round(v * factor));
    return { ...s, amount: round(s.amount), amountHome: round(s.amountHome) };
  }
  if (s.closingDate) {
    // Mostly pushed out since (the earlier date was sooner); sometimes pulled in.
    const shift = rng() < 0.75 ? -intBetween(rng, 7, 45) : intBetween(rng, 7, 30);
    return { ...s, closingDate: addDays(s.closingDate, shift) };
  }
  return s;
}
