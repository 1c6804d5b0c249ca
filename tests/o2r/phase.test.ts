import { describe, expect, it } from 'vitest';
import {
  computeOpportunity,
  describeStage,
  phaseFromProbability,
  probabilityFromStageName,
  resolveO2RSettings,
} from '../../src-main/core/o2r';
import { DEFAULT_O2R_SETTINGS } from '../../src-main/core/o2r/settings';
import { TODAY, daysAgo, deal } from '../helpers/o2r-input';

const phaseOf = (overrides: Parameters<typeof deal>[0]) => computeOpportunity(deal(overrides), TODAY);

describe('phase from milestones', () => {
  it.each([
    [{}, 1, 'stage'],
    [{ proposal: daysAgo(5) }, 2, 'milestones'],
    [{ sow: daysAgo(5) }, 2, 'milestones'],
    [{ po: daysAgo(5) }, 3, 'milestones'],
    [{ kickoff: daysAgo(5) }, 3, 'milestones'],
    [{ invoice: daysAgo(5) }, 4, 'milestones'],
    [{ payment: daysAgo(5) }, 4, 'milestones'],
    [{ revenue: daysAgo(5) }, 4, 'milestones'],
    [{ proposal: daysAgo(50), po: daysAgo(20), invoice: daysAgo(1) }, 4, 'milestones'],
  ] as const)('%j → phase %i', (milestones, phase, source) => {
    const o = phaseOf({ milestones, stage: 'Qualification' });
    expect(o.phase).toBe(phase);
    expect(o.phaseSource).toBe(source);
  });

  it('milestones win over the stage', () => {
    const o = phaseOf({ stage: 'Invoiced (100)', milestones: { proposal: daysAgo(3) } });
    expect(o.phase).toBe(2);
    expect(o.phaseRule).toBe('milestones');
  });

  it('ignores invalid milestone dates', () => {
    expect(phaseOf({ stage: 'Qualification', milestones: { po: 'not a date' } }).phase).toBe(1);
  });

  it('ignores milestones of roles the org does not track', () => {
    const settings = resolveO2RSettings({ trackedRoles: ['proposal', 'po', 'kickoff', 'invoice', 'revenue'] });
    const o = computeOpportunity(
      deal({ stage: 'Qualification', milestones: { payment: daysAgo(1) } }),
      TODAY,
      settings,
    );
    expect(o.phase).toBe(1);
    expect(o.milestones.map((m) => m.role)).toEqual(['proposal', 'po', 'kickoff', 'invoice', 'revenue']);
  });
});

describe('phase from the stage', () => {
  it.each([
    ['Qualification', 1],
    ['Proposal submitted (60)', 2],
    ['PO / SOW Sign-off (90)', 3],
    ['Project Kicked off (95)', 3],
    ['Invoiced (100)', 4],
    ['Closed Won', 3],
    ['Negotiation/Review', 2],
    ['  closed   WON ', 3], // case and spacing do not matter
  ] as const)('table: %s → %i', (stage, phase) => {
    const o = phaseOf({ stage, probability: null });
    expect(o.phase).toBe(phase);
    expect(o.phaseSource).toBe('stage');
    expect(o.phaseRule).toBe('stage-table');
  });

  it('reads the probability out of unknown stage names', () => {
    expect(probabilityFromStageName('Proposal submitted (60)')).toBe(60);
    expect(probabilityFromStageName('Discovery (25%)')).toBe(25);
    expect(probabilityFromStageName('Discovery')).toBeNull();
    expect(probabilityFromStageName('Weird (250)')).toBeNull();
    const o = phaseOf({ stage: 'Technical evaluation (50)', probability: 10 });
    expect(o.phase).toBe(2);
    expect(o.phaseRule).toBe('stage-name-probability');
  });

  it('maps probability ranges to phases at their bounds', () => {
    const b = DEFAULT_O2R_SETTINGS.probabilityPhases;
    expect(phaseFromProbability(0, b)).toBe(1);
    expect(phaseFromProbability(39, b)).toBe(1);
    expect(phaseFromProbability(40, b)).toBe(2);
    expect(phaseFromProbability(84, b)).toBe(2);
    expect(phaseFromProbability(85, b)).toBe(3);
    expect(phaseFromProbability(99, b)).toBe(3);
    expect(phaseFromProbability(100, b)).toBe(4);
  });

  it('falls back to the deal probability, then to phase 1', () => {
    const byProb = phaseOf({ stage: 'Custom stage', probability: 90 });
    expect([byProb.phase, byProb.phaseRule]).toEqual([3, 'deal-probability']);
    const none = phaseOf({ stage: 'Custom stage', probability: null });
    expect([none.phase, none.phaseSource, none.phaseRule]).toEqual([1, 'stage', 'default']);
    expect(phaseOf({ stage: null, probability: null }).phaseRule).toBe('default');
  });

  it('uses a configured stage table instead of the default one', () => {
    const settings = resolveO2RSettings({ stagePhases: { 'Deal signed': 3 } });
    expect(computeOpportunity(deal({ stage: 'Deal signed' }), TODAY, settings).phase).toBe(3);
    // The default table is replaced, so Zoho's "Closed Won" now falls through to the deal probability.
    expect(computeOpportunity(deal({ stage: 'Closed Won', probability: 100 }), TODAY, settings).phaseRule).toBe(
      'deal-probability',
    );
  });
});

describe('closed-lost stages', () => {
  it.each(['Closed Lost', 'Closed-Lost', 'closed lost to competition', 'Lost (0)', 'Deal lost'])(
    '%s is closed-lost',
    (stage) => {
      expect(describeStage(stage).closedLost).toBe(true);
    },
  );
  it.each(['Closed Won', 'Lostwithiel pilot', 'Qualification'])('%s is not', (stage) => {
    expect(describeStage(stage).closedLost).toBe(false);
  });
  it('a lost deal keeps the phase its milestones show, phase 1 without any', () => {
    expect(phaseOf({ stage: 'Closed Lost', probability: 0, milestones: { proposal: daysAgo(40) } }).phase).toBe(2);
    const bare = phaseOf({ stage: 'Closed Lost', probability: 0 });
    expect([bare.phase, bare.phaseRule, bare.closedLost]).toEqual([1, 'default', true]);
    // "(0)" in a lost stage's name is not read as a phase.
    expect(phaseOf({ stage: 'Lost (0)', probability: null }).phaseRule).toBe('default');
  });
  it('honours configured lost stage names', () => {
    const settings = resolveO2RSettings({ closedLostStages: ['Dead'] });
    expect(describeStage('dead', settings).closedLost).toBe(true);
  });
});
