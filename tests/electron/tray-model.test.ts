import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src-shared/contract/schemas';
import { trayModel, type TrayInput } from '../../src-main/electron/tray-model';

const NOW = Date.parse('2026-05-04T10:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  connection: 'connected',
  inProgress: false,
  lastSyncAt: minutesAgo(4),
  lastSyncKind: 'delta',
  lastError: null,
  nextSyncAt: null,
  dealCount: 1200,
  lastSuccessAt: minutesAgo(4),
  scheduler: 'idle',
  progress: null,
  failsafe: null,
  ...over,
});

const model = (over: Partial<TrayInput> = {}) =>
  trayModel({ status: status(), queuedEdits: 0, demo: false, now: NOW, darkBar: false, ...over });
const actions = (m: ReturnType<typeof trayModel>) =>
  m.menu.flatMap((i) => (i.type === 'action' ? [`${i.label}${i.enabled ? '' : ' (off)'}`] : []));

describe('the tray: state → icon, tooltip and menu', () => {
  it('idle: when it last synced and what is still waiting to go to Zoho', () => {
    const m = model({ queuedEdits: 3 });
    expect(m.state).toBe('idle');
    expect(m.icon).toBe('tray-idle-light.png');
    expect(m.tooltip).toBe('Pipeline Pulse · Last sync 4 minutes ago · 3 edits pending');
    expect(m.menu[0]).toEqual({ type: 'status', label: 'Last sync 4 minutes ago · 3 edits pending' });
    expect(actions(m)).toEqual(['Open Pipeline Pulse', 'Sync now', 'Pause background sync', 'Quit Pipeline Pulse']);
  });

  it('syncing: progress in the tooltip, "Sync now" off while it runs; the dark menu bar gets light glyphs', () => {
    const m = model({
      darkBar: true,
      status: status({
        inProgress: true,
        scheduler: 'running',
        progress: {
          runId: 1,
          kind: 'full',
          phase: 'pages',
          pages: 3,
          records: 1200,
          totalEstimate: 10000,
          etaMs: null,
          done: false,
        },
      }),
    });
    expect(m.state).toBe('syncing');
    expect(m.icon).toBe('tray-syncing-dark.png');
    expect(m.tooltip).toBe('Pipeline Pulse · Syncing… 1,200 of 10,000 deals');
    expect(actions(m)).toContain('Sync now (off)');
  });

  it('offline, error, fail-safe and reconnect each say what is going on', () => {
    expect(model({ status: status({ scheduler: 'offline', lastSuccessAt: minutesAgo(120) }) })).toMatchObject({
      state: 'offline',
      icon: 'tray-offline-light.png',
      tooltip: 'Pipeline Pulse · Offline · last sync 2 hours ago',
    });
    expect(model({ status: status({ lastError: 'Zoho answered 500', lastSuccessAt: minutesAgo(60) }) })).toMatchObject({
      state: 'error',
      tooltip: 'Pipeline Pulse · Last sync failed · last good 1 hour ago',
    });
    expect(
      model({
        status: status({
          lastError: 'held',
          failsafe: {
            kind: 'delta',
            removals: 900,
            localCount: 1500,
            thresholdPercent: 50,
            at: minutesAgo(1),
            kept: false,
          },
        }),
      }).tooltip,
    ).toBe('Pipeline Pulse · Sync on hold: open the app to decide');
    const r = model({ status: status({ connection: 'reconnect_needed', scheduler: 'reconnect_needed' }) });
    expect(r).toMatchObject({ state: 'reconnect', icon: 'tray-reconnect-light.png' });
    expect(r.tooltip).toBe('Pipeline Pulse · Reconnect needed: sign in to Zoho CRM again');
    expect(actions(r)).toEqual([
      'Open Pipeline Pulse',
      'Sync now (off)',
      'Pause background sync (off)',
      'Quit Pipeline Pulse',
    ]);
  });

  it('paused: the menu offers Resume and the tooltip says so; the demo is named', () => {
    const m = model({ demo: true, status: status({ connection: 'demo', scheduler: 'paused' }) });
    expect(m.tooltip).toBe('Pipeline Pulse (demo) · Last sync 4 minutes ago · background sync paused');
    expect(actions(m)).toContain('Resume background sync');
  });

  it('not connected or still starting: nothing to sync', () => {
    const m = model({ status: status({ connection: 'disconnected', lastSyncAt: null, lastSuccessAt: null }) });
    expect(m.tooltip).toBe('Pipeline Pulse · Not connected to Zoho CRM');
    expect(actions(m)).toContain('Sync now (off)');
    expect(model({ status: null })).toMatchObject({ state: 'idle', tooltip: 'Pipeline Pulse · Starting…' });
  });

  it('keeps the tooltip within the 127 characters Windows shows', () => {
    const m = model({ status: status({ scheduler: 'paused' }), queuedEdits: 123456, demo: true });
    expect(m.tooltip.length).toBeLessThanOrEqual(127);
  });
});
