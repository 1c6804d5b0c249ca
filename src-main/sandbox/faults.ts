/**
 * Deterministic fault injection for `/crm/` calls: one PRNG draw per call decides whether the call
 * fails and how. The same profile seed and the same call order give the same faults, so a flaky
 * test run can be replayed exactly.
 */
import { mulberry32, type Rng } from './prng';
import type { FaultKind, FaultProfile } from './types';

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '502', '503', 'timeout', 'reset', 'malformed'];

export const NAMED_PROFILES: Record<string, FaultProfile> = {
  none: { seed: 1, rates: {} },
  flaky: {
    seed: 7,
    rates: { '429': 0.03, '500': 0.02, '502': 0.01, '503': 0.01, timeout: 0.005, reset: 0.01, malformed: 0.005 },
  },
  storm429: { seed: 11, rates: { '429': 0.6 } },
  chaos: {
    seed: 13,
    rates: { '429': 0.1, '500': 0.05, '502': 0.05, '503': 0.05, timeout: 0.02, reset: 0.05, malformed: 0.05 },
  },
};

/**
 * Accepts a profile object, a name (`flaky`), a name with a seed (`flaky:99`), a JSON profile
 * text, or null/'' for none. Throws on anything else.
 */
export function parseFaults(input: FaultProfile | string | null | undefined): FaultProfile {
  if (input === null || input === undefined || input === '') return NAMED_PROFILES.none;
  if (typeof input === 'object') return validateProfile(input);
  const text = input.trim();
  if (text.startsWith('{')) return validateProfile(JSON.parse(text) as FaultProfile);
  const [name, seedText] = text.split(':');
  const base = NAMED_PROFILES[name];
  if (!base) throw new Error(`unknown fault profile "${name}" (known: ${Object.keys(NAMED_PROFILES).join(', ')})`);
  const seed = seedText === undefined ? base.seed : Number(seedText);
  if (!Number.isInteger(seed)) throw new Error(`fault seed must be an integer, got "${seedText}"`);
  return { ...base, seed, rates: { ...base.rates } };
}

function validateProfile(p: FaultProfile): FaultProfile {
  if (typeof p !== 'object' || p === null || typeof p.rates !== 'object' || p.rates === null) {
    throw new Error('fault profile must look like {"seed":1,"rates":{"500":0.1}}');
  }
  let total = 0;
  for (const [k, v] of Object.entries(p.rates)) {
    if (!FAULT_KINDS.includes(k as FaultKind)) throw new Error(`unknown fault kind "${k}"`);
    if (typeof v !== 'number' || v < 0 || v > 1) throw new Error(`fault rate for "${k}" must be between 0 and 1`);
    total += v;
  }
  if (total > 1) throw new Error('fault rates add up to more than 1');
  return { seed: Number.isInteger(p.seed) ? p.seed : 1, rates: { ...p.rates }, timeoutMs: p.timeoutMs };
}

export class FaultInjector {
  private rng: Rng;
  profile: FaultProfile;

  constructor(profile: FaultProfile) {
    this.profile = profile;
    this.rng = mulberry32(profile.seed);
  }

  set(profile: FaultProfile): void {
    this.profile = profile;
    this.rng = mulberry32(profile.seed);
  }

  /** The fault for the next call, or null. Always draws once, so sequences stay aligned. */
  next(): FaultKind | null {
    const r = this.rng();
    let acc = 0;
    for (const kind of FAULT_KINDS) {
      acc += this.profile.rates[kind] ?? 0;
      if (r < acc) return kind;
    }
    return null;
  }

  get timeoutMs(): number {
    return Math.min(this.profile.timeoutMs ?? 30_000, 30_000);
  }
}
