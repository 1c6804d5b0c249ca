/**
 * Deterministic demo data: the same (count, seed, day) always gives the same deals. Dates are
 * placed relative to "today" so the pipeline always looks current (past and future quarters,
 * stale deals, late milestones), and each deal's milestone dates agree with its stage and age
 * (demo-milestones.ts).
 * Built for speed: 100,000 deals take well under a second or two; no per-deal closures.
 */
import {
  ACCOUNT_ID_BASE,
  CONTACT_ID_BASE,
  COUNTRIES,
  CURRENCY_BY_ISO,
  DEAL_ID_BASE,
  DEAL_TYPES,
  LEAD_SOURCES,
  OWNERS,
  SOLUTION_TYPES,
  STAGES,
  accountNames,
  contactName,
  ownerRef,
  type CountryDef,
  type StageDef,
} from './catalog';
import { demoMilestones, type Milestones } from './demo-milestones';
import { intBetween, mulberry32, pick, weighted, type Rng } from './prng';
import { DAY_MS, zohoDate, zohoDateTime } from './time';
import type { DealRecord } from './types';

export interface Account {
  id: string;
  name: string;
  country: CountryDef;
  contacts: { id: string; name: string }[];
  ownerIndex: number;
}

/** The accounts and contacts deals point to; derived from the seed only. */
export function buildAccounts(seed: number): Account[] {
  const rng = mulberry32(seed ^ 0x5eed);
  return accountNames().map((name, i) => {
    const country = weighted(
      rng,
      COUNTRIES.map((c) => [c, c.weight] as const),
    );
    const contacts = [0, 1].map((j) => ({
      id: String(CONTACT_ID_BASE + BigInt(i * 2 + j + 1)),
      name: contactName(i * 2 + j + seed),
    }));
    return {
      id: String(ACCOUNT_ID_BASE + BigInt(i + 1)),
      name,
      country,
      contacts,
      ownerIndex: intBetween(rng, 1, OWNERS.length - 1),
    };
  });
}

export function dealId(seq: number): string {
  return String(DEAL_ID_BASE + BigInt(seq));
}

const STAGE_WEIGHTS = STAGES.map((s) => [s, s.weight] as const);
const DEAL_NAME_WORDS = [
  'Phase 2',
  'Rollout',
  'Renewal',
  'Expansion',
  'Pilot',
  'Modernisation',
  'Regional',
  'Managed',
  'Upgrade',
  'Transformation',
];

function amountSgd(rng: Rng): number {
  // Log-uniform between ~S$15k and ~S$2.5M: many small deals, a few large ones.
  return Math.exp(Math.log(15_000) + rng() * (Math.log(2_500_000) - Math.log(15_000)));
}

/** Round figures, as sales people enter them. */
function roundAmount(value: number): number {
  return value > 100_000 ? Math.round(value / 1000) * 1000 : Math.round(value / 10) * 10;
}

export interface GenerateOptions {
  count: number;
  seed: number;
  /** "Today"; only the calendar day matters, so a day's runs all agree. */
  nowMs: number;
}

export function generateDeals({ count, seed, nowMs }: GenerateOptions): DealRecord[] {
  const rng = mulberry32(seed);
  const accounts = buildAccounts(seed);
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const spanDays = 720;
  const start = today - spanDays * DAY_MS;
  const slot = ((spanDays - 2) * DAY_MS) / Math.max(count, 1);
  const deals: DealRecord[] = new Array(count);

  for (let i = 0; i < count; i++) {
    const createdMs = Math.floor(start + i * slot + rng() * slot * 0.9 + 8 * 3600_000);
    const account = pick(rng, accounts);
    const country = account.country;
    const iso = weighted(rng, country.currencies);
    const cur = CURRENCY_BY_ISO.get(iso)!;
    const stage: StageDef = weighted(rng, STAGE_WEIGHTS);
    const owner = OWNERS[rng() < 0.7 ? account.ownerIndex : intBetween(rng, 0, OWNERS.length - 1)];
    const creator = OWNERS[0];
    const amount = roundAmount(amountSgd(rng) * cur.rate);
    const nSolutions = rng() < 0.55 ? 1 : rng() < 0.75 ? 2 : 3;
    const solutions: string[] = [];
    for (let k = 0; k < nSolutions; k++) {
      const s = pick(rng, SOLUTION_TYPES);
      if (!solutions.includes(s)) solutions.push(s);
    }

    // Milestones in order; each clamped to today. Some deals stall on purpose so health rules fire.
    const m = demoMilestones(rng, stage, createdMs, today);
    const lastMilestone = Math.max(
      createdMs,
      ...[m.proposal, m.po, m.kickoff, m.invoice, m.payment, m.revenue].map((x) => x ?? 0),
    );
    const closing = closingDate(rng, stage, createdMs, today, m);
    const stale = rng() < 0.25;
    const modifiedMs = Math.min(
      nowMs - 60_000,
      Math.max(
        lastMilestone + intBetween(rng, 0, 3) * DAY_MS,
        stale ? createdMs + rng() * (today - 8 * DAY_MS - createdMs) : today - rng() * 7 * DAY_MS,
      ),
    );
    const modified = Math.max(createdMs, Math.floor(modifiedMs));
    const contact = rng() < 0.85 ? account.contacts[intBetween(rng, 0, 1)] : null;

    deals[i] = {
      id: dealId(i + 1),
      Deal_Name: `${account.name.split(' ').slice(0, 2).join(' ')} – ${solutions[0]} ${pick(rng, DEAL_NAME_WORDS)}`,
      Account_Name: { name: account.name, id: account.id },
      Contact_Name: contact ? { name: contact.name, id: contact.id } : null,
      Owner: ownerRef(owner),
      Amount: amount,
      Currency: iso,
      Exchange_Rate: cur.rate,
      Stage: stage.name,
      Probability: stage.probability,
      Expected_Revenue: Math.round(amount * stage.probability) / 100,
      Closing_Date: zohoDate(closing),
      Type: pick(rng, DEAL_TYPES),
      Lead_Source: pick(rng, LEAD_SOURCES),
      Next_Step: stage.forecastType === 'Open' ? nextStep(stage) : null,
      Description: null,
      Pipeline: 'Standard',
      Region: country.region,
      Country: country.name,
      Solution_Type: solutions,
      Proposal_Submission_date: m.proposal === null ? null : zohoDate(m.proposal),
      SOW_Work_Start_Date: m.sow === null ? null : zohoDate(m.sow),
      PO_Generation_Date: m.po === null ? null : zohoDate(m.po),
      Kick_off_Date: m.kickoff === null ? null : zohoDate(m.kickoff),
      Invoice_Date: m.invoice === null ? null : zohoDate(m.invoice),
      Payment_Received_Date: m.payment === null ? null : zohoDate(m.payment),
      OB_Recognition_Date: m.revenue === null ? null : zohoDate(m.revenue),
      Created_By: ownerRef(creator),
      Modified_By: ownerRef(owner),
      Created_Time: zohoDateTime(createdMs),
      Modified_Time: zohoDateTime(modified),
      Tag: [],
    };
  }
  return deals;
}

function closingDate(rng: Rng, stage: StageDef, createdMs: number, today: number, m: Milestones): number {
  if (stage.forecastType !== 'Open') {
    const anchor = m.revenue ?? m.payment ?? m.invoice ?? m.proposal ?? createdMs;
    return Math.min(today, anchor + intBetween(rng, 0, 30) * DAY_MS);
  }
  // Open deals: mostly this and the next three quarters, some overdue (closing date passed).
  const offsetDays = rng() < 0.15 ? -intBetween(rng, 1, 150) : intBetween(rng, 0, 360);
  return Math.max(createdMs + 14 * DAY_MS, today + offsetDays * DAY_MS);
}

function nextStep(stage: StageDef): string {
  if (stage.probability <= 20) return 'Discovery workshop';
  if (stage.probability <= 40) return 'Solution demo';
  if (stage.probability <= 60) return 'Follow up on proposal';
  if (stage.probability <= 80) return 'Commercial negotiation';
  if (stage.probability <= 90) return 'Collect signed PO';
  if (stage.probability <= 95) return 'Track delivery';
  return 'Chase payment';
}
