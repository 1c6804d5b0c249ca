/**
 * What the tray shows, decided from the sync status alone (README "The desktop app"): which icon
 * (state × light/dark menu bar), the tooltip ("Last sync 4 minutes ago · 3 edits pending") and the
 * menu. Free of `electron` imports: tests run it in plain Node; tray.ts only renders the model.
 */
import type { SyncStatus } from '../../src-shared/contract/schemas';
import { ago } from '../../src-shared/format/ago';

export const TRAY_STATES = ['idle', 'syncing', 'error', 'offline', 'reconnect'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export interface TrayInput {
  /** null while the app starts or switches workspace. */
  status: SyncStatus | null;
  /** Edits not yet confirmed by Zoho (the outbox's queued count). */
  queuedEdits: number;
  demo: boolean;
  now: number;
  /** The menu bar / taskbar is dark: use the light glyphs. */
  darkBar: boolean;
}

export type TrayAction = 'open' | 'sync' | 'pause' | 'resume' | 'quit';
export type TrayMenuItem =
  | { type: 'status'; label: string }
  | { type: 'separator' }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean };

export interface TrayModel {
  state: TrayState;
  /** File name under the tray icon folder (resources/tray/); `@2x` variants sit next to it. */
  icon: string;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

export function trayState(s: SyncStatus | null): TrayState {
  if (!s) return 'idle';
  if (s.connection === 'reconnect_needed' || s.scheduler === 'reconnect_needed') return 'reconnect';
  if (s.inProgress) return 'syncing';
  if (s.scheduler === 'offline') return 'offline';
  if (s.lastError || s.failsafe) return 'error';
  return 'idle';
}

export function trayIconFile(state: TrayState, darkBar: boolean): string {
  return `tray-${state}-${darkBar ? 'dark' : 'light'}.png`;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The one line that says how things are (tooltip, and the menu's first line where tooltips do not show). */
function statusLine(input: TrayInput, state: TrayState): string {
  const s = input.status;
  if (!s) return 'Starting…';
  if (s.connection === 'disconnected') return 'Not connected to Zoho CRM';
  const parts: string[] = [];
  switch (state) {
    case 'reconnect':
      parts.push('Reconnect needed: sign in to Zoho CRM again');
      break;
    case 'syncing': {
      const p = s.progress;
      parts.push(
        p && p.records > 0
          ? `Syncing… ${p.records.toLocaleString('en-US')}${p.totalEstimate ? ` of ${p.totalEstimate.toLocaleString('en-US')}` : ''} deals`
          : 'Syncing…',
      );
      break;
    }
    case 'offline':
      parts.push(`Offline · last sync ${ago(s.lastSuccessAt, input.now)}`);
      break;
    case 'error':
      parts.push(
        s.failsafe
          ? 'Sync on hold: open the app to decide'
          : `Last sync failed · last good ${ago(s.lastSuccessAt, input.now)}`,
      );
      break;
    default:
      parts.push(`Last sync ${ago(s.lastSuccessAt ?? s.lastSyncAt, input.now)}`);
  }
  if (input.queuedEdits > 0) parts.push(`${count(input.queuedEdits, 'edit', 'edits')} pending`);
  if (s.scheduler === 'paused') parts.push('background sync paused');
  return parts.join(' · ');
}

export function trayModel(input: TrayInput): TrayModel {
  const state = trayState(input.status);
  const line = statusLine(input, state);
  const name = input.demo ? 'Pipeline Pulse (demo)' : 'Pipeline Pulse';
  const tooltip = `${name} · ${line}`;
  const s = input.status;
  const canSync = Boolean(s && (s.connection === 'connected' || s.connection === 'demo') && state !== 'reconnect');
  const paused = s?.scheduler === 'paused';
  return {
    state,
    icon: trayIconFile(state, input.darkBar),
    tooltip: tooltip.length > TOOLTIP_MAX ? `${tooltip.slice(0, TOOLTIP_MAX - 1)}…` : tooltip,
    menu: [
      { type: 'status', label: line },
      { type: 'separator' },
      { type: 'action', action: 'open', label: 'Open Pipeline Pulse', enabled: true },
      { type: 'action', action: 'sync', label: 'Sync now', enabled: canSync && !s?.inProgress },
      paused
        ? { type: 'action', action: 'resume', label: 'Resume background sync', enabled: canSync }
        : { type: 'action', action: 'pause', label: 'Pause background sync', enabled: canSync },
      { type: 'separator' },
      { type: 'action', action: 'quit', label: 'Quit Pipeline Pulse', enabled: true },
    ],
  };
}
