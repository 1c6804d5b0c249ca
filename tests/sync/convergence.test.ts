/**
 * Convergence under faults: for many seeded fault profiles (429, 5xx, timeouts, resets,
 * malformed bodies), with an access-token expiry and CRM edits, creations and deletions landing
 * while the sync runs, the local deals equal the sandbox's dump field for field after the faults
 * stop and one more sync. Some seeds use few client retries so runs really fail and resume.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultProfile } from '../../src-main/sandbox/index';
import { mulberry32 } from '../../src-main/sandbox/prng';
import { diffDeals, rig } from '../helpers/sync-rig';

const SEEDS = Array.from({ length: 14 }, (_, i) => i + 1);
const allOutcomes: string[] = [];

function profile(seed: number): FaultProfile {
  const r = mulberry32(seed * 7919);
  const x = () => 0.01 + r() * 0.05;
  return {
    seed,
    rates: { '429': x(), '500': x(), '502': x() / 2, '503': x() / 2, timeout: x() / 3, reset: x(), malformed: x() },
    timeoutMs: 150,
  };
}

/** Edits, creates and deletes in the CRM, chosen by the seed. */
function churn(sb: Awaited<ReturnType<typeof rig>>['sb'], rng: () => number, n: number): void {
  const ids = sb.dumpDeals().map((d) => d.id);
  for (let i = 0; i < n; i++) {
    const id = ids[Math.floor(rng() * ids.length)];
    const roll = rng();
    try {
      if (roll < 0.6) sb.editDeal(id, { Amount: Math.round(rng() * 1e6), Stage: 'Negotiation (80)', Probability: 80 });
      else if (roll < 0.8) sb.deleteDeal(id, rng() < 0.5);
      else
        sb.createDeal({
          Deal_Name: `Churn ${i}`,
          Stage: 'Qualification (10)',
          Closing_Date: '2027-03-31',
          Amount: 5000,
          Currency: 'USD',
        });
    } catch {
      // Already deleted by an earlier roll: fine.
    }
  }
}

describe('sync converges with the CRM under faults', () => {
  afterAll(() => {
    // Whether a seeded profile makes a whole run fail depends on timing (which calls are in flight
    // together); the deterministic failing run is the test below. Here: the runs did complete.
    expect(allOutcomes).toContain('ok');
  });

  it('a run that Zoho fails outright (every call 500) fails cleanly, and the next run converges', async () => {
    const r = await rig(
      { deals: 500, seed: 99, faults: { seed: 99, rates: { '500': 1 } } },
      { pageSize: 150, concurrency: 4 },
      { maxRetries: 1, timeoutMs: 800 },
    );
    try {
      const failed = await r.engine.run('auto', 'manual');
      expect(failed.status).toBe('failed');
      expect(r.store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(0);
      r.sb.setFaults(null);
      const ok = await r.engine.run('auto', 'manual');
      expect(ok.status).toBe('ok');
      expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
    } finally {
      await r.close();
    }
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}`, async () => {
      const fewRetries = seed % 3 === 0;
      const r = await rig(
        { deals: 700 + seed * 37, seed, faults: profile(seed) },
        { pageSize: 150, concurrency: 4 },
        fewRetries ? { maxRetries: 1, timeoutMs: 800 } : { timeoutMs: 800 },
      );
      try {
        const rng = mulberry32(seed);
        let pagesSeen = 0;
        // CRM changes and a token expiry while the full sync runs.
        r.hooks.onProgress = (p) => {
          if (p.pages > pagesSeen) {
            pagesSeen = p.pages;
            if (p.pages === 2) r.sb.expireAccessTokens();
            if (p.pages % 2 === 1) churn(r.sb, rng, 4);
          }
        };
        const outcomes: string[] = [];
        for (let i = 0; i < 3; i++) outcomes.push((await r.engine.run('auto', 'manual')).status);
        churn(r.sb, rng, 20);
        outcomes.push((await r.engine.run('auto', 'manual')).status);

        // Faults stop; one more sync (which may need to finish a cut full sync) converges.
        r.sb.setFaults(null);
        r.hooks.onProgress = undefined;
        allOutcomes.push(...outcomes);
        let last = await r.engine.run('auto', 'manual');
        if (last.kind === 'full') last = await r.engine.run('auto', 'manual'); // the delta after a resumed full sync
        expect(last.status, JSON.stringify({ outcomes, last })).toBe('ok');
        expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
        expect(r.sb.stats().faultsInjected).toBeGreaterThan(0);
      } finally {
        await r.close();
      }
    });
  }
});
