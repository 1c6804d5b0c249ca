import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/contract/schemas';
import { buildNotice, nameList, type SyncFindings } from '../../src-main/core/notices/build-notice';
import { worsenedSince } from '../../src-main/core/notices/health-watch';

const meta = { id: 'n1', at: '2026-05-04T09:00:00.000Z' };
const none: SyncFindings = { worsened: [], rejectedEdits: [] };

describe('one notice per sync', () => {
  it('says nothing when nothing happened', () => {
    expect(buildNotice(none, DEFAULT_SETTINGS, meta)).toBeNull();
  });

  it('groups every kind into one notice, most urgent first, each item leading to its screen', () => {
    const n = buildNotice(
      {
        reconnectNeeded: { message: 'Zoho CRM no longer accepts the sign-in.' },
        worsened: [
          { id: '11', name: 'Acme renewal', health: 'RED' },
          { id: '12', name: 'Beta rollout', health: 'RED' },
          { id: '13', name: 'Gamma pilot', health: 'BLOCKED' },
        ],
        rejectedEdits: [
          { dealId: '21', dealName: 'Delta', field: 'stage', status: 'failed', message: 'invalid Stage' },
          { dealId: '22', dealName: 'Echo', field: 'kickoff', status: 'conflict', message: null },
        ],
      },
      DEFAULT_SETTINGS,
      meta,
    )!;
    expect(n.items.map((i) => i.kind)).toEqual([
      'reconnect_needed',
      'edits_rejected',
      'health_worsened',
      'health_worsened',
    ]);
    expect(n.title).toBe('4 things need your attention');
    expect(n.body.split('\n')).toEqual([
      'Reconnect to Zoho CRM',
      '2 edits need your attention',
      'Gamma pilot turned BLOCKED',
      '2 opportunities turned RED',
    ]);
    // Clicking the OS notification opens the most urgent item's screen.
    expect(n.target).toEqual({ screen: 'settings', section: 'connection' });
    expect(n.items[1]).toMatchObject({
      detail: '1 refused by Zoho CRM, 1 conflict: Delta and Echo',
      target: { screen: 'o2r', writeBackProblems: true },
    });
    expect(n.items[2].target).toEqual({ screen: 'o2r', dealId: '13' });
    expect(n.items[3]).toMatchObject({
      detail: 'Acme renewal and Beta rollout',
      target: { screen: 'o2r', health: 'RED' },
    });
    expect(n.dismissed).toBe(false);
  });

  it('a single item is the whole notice: its title and detail, its target', () => {
    const n = buildNotice(
      {
        ...none,
        rejectedEdits: [
          { dealId: '21', dealName: 'Delta', field: 'stage', status: 'failed', message: 'invalid data for Stage' },
        ],
      },
      DEFAULT_SETTINGS,
      meta,
    )!;
    expect(n.title).toBe('Zoho CRM refused an edit');
    expect(n.body).toBe('Delta: stage — invalid data for Stage');
    expect(n.target).toEqual({ screen: 'o2r', dealId: '21' });
  });

  it('a failed sync and a held one lead to Settings → Sync', () => {
    const n = buildNotice(
      {
        ...none,
        syncFailed: { message: 'Zoho CRM answered 500 five times' },
        failsafe: { removals: 900, localCount: 1500 },
      },
      DEFAULT_SETTINGS,
      meta,
    )!;
    expect(n.items.map((i) => i.title)).toEqual(['Sync on hold: your decision is needed', 'Sync failed']);
    expect(n.items[0].detail).toBe('It would remove 900 of your 1,500 deals; nothing was removed.');
    expect(n.target).toEqual({ screen: 'settings', section: 'sync' });
  });

  it('leaves out each kind the user switched off, and says nothing when all that is left is off', () => {
    const findings: SyncFindings = {
      syncFailed: { message: 'boom' },
      worsened: [{ id: '11', name: 'Acme renewal', health: 'RED' }],
      rejectedEdits: [],
    };
    const n = buildNotice(findings, { ...DEFAULT_SETTINGS, notifySyncFailed: false }, meta)!;
    expect(n.items.map((i) => i.kind)).toEqual(['health_worsened']);
    expect(n.title).toBe('Acme renewal turned RED');
    expect(
      buildNotice(findings, { ...DEFAULT_SETTINGS, notifySyncFailed: false, notifyHealthWorsened: false }, meta),
    ).toBeNull();
  });

  it('names at most three, then counts the rest', () => {
    expect(nameList(['A'])).toBe('A');
    expect(nameList(['A', 'B', 'C'])).toBe('A, B and C');
    expect(nameList(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C and 2 more');
  });
});

describe('what turned RED or BLOCKED since the previous sync', () => {
  const now = new Map([
    ['1', { name: 'One', health: 'RED' as const }],
    ['2', { name: 'Two', health: 'BLOCKED' as const }],
    ['3', { name: 'Three', health: 'RED' as const }],
    ['4', { name: 'Four', health: 'RED' as const }],
  ]);

  it('is what was not troubled before, or went from RED to BLOCKED; never the first look', () => {
    expect(worsenedSince(undefined, now)).toEqual([]);
    expect(worsenedSince({ '2': 'RED', '3': 'RED', '4': 'BLOCKED' }, now)).toEqual([
      { id: '1', name: 'One', health: 'RED' },
      { id: '2', name: 'Two', health: 'BLOCKED' },
    ]);
    // Getting better (BLOCKED → RED) says nothing.
    expect(worsenedSince({ '1': 'RED', '2': 'BLOCKED', '3': 'RED', '4': 'BLOCKED' }, now)).toEqual([]);
  });
});
