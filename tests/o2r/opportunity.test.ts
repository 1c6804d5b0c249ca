import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeOpportunities, computeOpportunity } from '../../src-main/core/o2r';
import type { Opportunity, OpportunityInput } from '../../src-main/core/o2r';
import { TODAY, daysAgo, deal } from '../helpers/o2r-input';

describe('computeOpportunity', () => {
  it('copies the deal fields and adds the computed ones', () => {
    const input = deal({ strategic: true, milestones: { proposal: daysAgo(3) } });
    const o = computeOpportunity(input, TODAY);
    expect(o).toMatchObject({
      id: 'D1',
      name: 'Data platform',
      accountName: 'Acme',
      strategic: true,
      phase: 2,
      phaseLabel: 'Proposal → Commitment (PO)',
    });
    expect(o.milestones).toHaveLength(7);
    expect(input.milestones).toEqual({ proposal: daysAgo(3) }); // input untouched
  });
  it('is deterministic for the same today, and results do not share mutable state', () => {
    const input = deal({ milestones: { proposal: daysAgo(40) } });
    const a = computeOpportunity(input, TODAY);
    computeOpportunity(deal({ milestones: { invoice: daysAgo(1) } }), TODAY);
    expect(computeOpportunity(input, TODAY)).toEqual(a);
    expect(Object.isFrozen(a.milestones[5])).toBe(true); // shared pending milestones are read-only
  });
  it('changes with today only', () => {
    const input = deal({ milestones: { proposal: '2024-06-14' } });
    expect(computeOpportunity(input, '2024-07-14').health).toBe('GREEN'); // 30 days
    expect(computeOpportunity(input, '2024-07-15').health).toBe('RED'); // 31 days
  });
  it('rejects an invalid today', () => {
    expect(() => computeOpportunity(deal(), '15/07/2024')).toThrow(RangeError);
  });
  it('requiresAttention is RED or BLOCKED only', () => {
    expect(computeOpportunity(deal({ openBlockers: 1 }), TODAY).requiresAttention).toBe(true);
    expect(computeOpportunity(deal({ closingDate: daysAgo(1) }), TODAY).requiresAttention).toBe(true);
    expect(computeOpportunity(deal({ probability: 90 }), TODAY).requiresAttention).toBe(false);
    expect(computeOpportunity(deal({ modifiedTime: daysAgo(30) }), TODAY).requiresAttention).toBe(false);
  });
  it('results survive a JSON round trip (they cross IPC)', () => {
    const o = computeOpportunity(deal({ openBlockers: 1, milestones: { proposal: daysAgo(40) } }), TODAY);
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
  });
});

describe('purity', () => {
  it('imports only relative modules and never reads the clock', () => {
    const dir = join(__dirname, '../../src-main/core/o2r');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g))
        expect(m[1], `${f} imports ${m[1]}`).toMatch(/^\.\/[\w-]+$/);
      expect(src, f).not.toMatch(/Date\.now\(|new Date\(\s*\)|performance\.now|process\./);
    }
  });
});

describe('performance', () => {
  it('recomputes 100,000 opportunities quickly', () => {
    const shapes: Array<Partial<OpportunityInput>> = [
      {},
      { milestones: { proposal: daysAgo(40) }, probability: 85 },
      { milestones: { proposal: daysAgo(60), po: daysAgo(20) }, modifiedTime: daysAgo(9) },
      { milestones: { proposal: daysAgo(90), po: daysAgo(70), kickoff: daysAgo(65) }, openBlockers: 1 },
      {
        milestones: { proposal: daysAgo(200), po: daysAgo(180), kickoff: daysAgo(170), invoice: daysAgo(50) },
        closingDate: daysAgo(3),
      },
      { stage: 'Proposal submitted (60)' },
      { stage: 'Closed Lost', probability: 0 },
      { stage: 'Custom (35)', probability: 35 },
    ];
    const inputs = Array.from({ length: 100_000 }, (_, i) => deal({ id: `D${i}`, ...shapes[i % shapes.length] }));
    computeOpportunities(inputs.slice(0, 2000), TODAY); // warm up
    const runs: number[] = [];
    const cpu: number[] = [];
    let out: Opportunity[] = [];
    for (let r = 0; r < 3; r++) {
      out.length = 0; // drop the previous run's results before timing the next
      // Main-thread CPU time as well as wall time: other test files share the machine's cores.
      const c0 = process.threadCpuUsage();
      const t0 = performance.now();
      out = computeOpportunities(inputs, TODAY); // results are kept, as the store would keep them
      runs.push(performance.now() - t0);
      const c = process.threadCpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    const best = Math.min(...runs);
    console.log(
      `[o2r perf] 100,000 computeOpportunity calls: best ${best.toFixed(0)} ms wall (${((best * 1000) / 100_000).toFixed(2)} µs each); ` +
        `wall ${runs.map((x) => x.toFixed(0)).join(' / ')} ms; main-thread cpu ${cpu.map((x) => x.toFixed(0)).join(' / ')} ms; ` +
        `load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`,
    );
    expect(out).toHaveLength(100_000);
    // Loose guard against pathological regressions only: shared machines are noisy. Target: well under 1 s.
    expect(best).toBeLessThan(5000);
  });
});
