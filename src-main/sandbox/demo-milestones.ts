/**
 * Milestone dates for a generated deal that agree with its stage and its age, so the demo reads
 * like a real pipeline (docs/o2r.md#milestones gives the process order).
 *
 * Closed deals (won or lost) played out after they were created: their dates follow the creation
 * date. Open deals are live: their latest milestone is recent — a proposal at "Proposal submitted"
 * went out weeks ago, not the two years the deal may have been open — with a share left stalling on
 * purpose so the health rules have something to flag (a proposal waiting over 30 days for its PO,
 * a PO with no kickoff after 14 days, an invoice unpaid after 45). Every date is clamped to today.
 */
import type { StageDef } from './catalog';
import { intBetween, type Rng } from './prng';
import { DAY_MS } from './time';

export interface Milestones {
  proposal: number | null;
  sow: number | null;
  po: number | null;
  kickoff: number | null;
  invoice: number | null;
  payment: number | null;
  revenue: number | null;
}

/**
 * How long ago an open deal's proposal went out, by how far it got: later stages started longer
 * ago. About a quarter of deals waiting for a PO have waited more than 30 days.
 */
function proposalAgeDays(rng: Rng, p: number): number {
  if (p >= 100) return intBetween(rng, 90, 240); // invoiced
  if (p >= 95) return intBetween(rng, 45, 150); // kicked off
  if (p >= 90) return intBetween(rng, 20, 90); // PO received
  return rng() < 0.25 ? intBetween(rng, 31, 100) : intBetween(rng, 3, 28); // waiting for the PO
}

export function demoMilestones(rng: Rng, stage: StageDef, createdMs: number, today: number): Milestones {
  const m: Milestones = {
    proposal: null,
    sow: null,
    po: null,
    kickoff: null,
    invoice: null,
    payment: null,
    revenue: null,
  };
  const p = stage.probability;
  const won = stage.forecastType === 'Closed Won';
  const lost = stage.forecastType === 'Closed Lost';
  const open = stage.forecastType === 'Open';
  const clamp = (x: number) => Math.min(today, Math.floor(x / DAY_MS) * DAY_MS);
  const day = (a: number, b: number) => intBetween(rng, a, b) * DAY_MS;

  if (open && p >= 60) m.proposal = clamp(Math.max(createdMs + 3 * DAY_MS, today - proposalAgeDays(rng, p) * DAY_MS));
  else if (won || (lost && rng() < 0.5)) m.proposal = clamp(createdMs + day(3, 40));
  if (m.proposal === null || lost) return m;

  // Between milestones: usually on time, sometimes slow (the slow ones trip the health rules).
  if (p >= 90 || won) m.po = clamp(m.proposal + day(7, rng() < 0.2 ? 45 : 25));
  if (m.po !== null && rng() < 0.4) m.sow = clamp(m.po + day(0, 10));
  if (m.po !== null && (p >= 95 || won)) m.kickoff = clamp(m.po + day(2, rng() < 0.2 ? 30 : 12));
  if (m.kickoff !== null && (stage.name === 'Invoiced (100)' || won))
    m.invoice = clamp(m.kickoff + day(14, rng() < 0.2 ? 90 : 50));
  if (m.invoice !== null && (won || rng() < 0.35)) m.payment = clamp(m.invoice + day(10, rng() < 0.25 ? 70 : 40));
  if (m.payment !== null && won) m.revenue = clamp(m.payment + day(0, 20));
  return m;
}
