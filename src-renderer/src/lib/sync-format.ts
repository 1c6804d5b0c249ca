/** Display helpers for sync runs. */
export function duration(startIso: string, endIso: string | null): string {
  if (!endIso) return 'running…';
  const ms = Math.max(0, new Date(endIso).getTime() - new Date(startIso).getTime());
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : d.toLocaleString();
}

export const TRIGGER_LABEL: Record<string, string> = {
  start: 'at start',
  interval: 'scheduled',
  manual: 'by you',
  notification: 'CRM change',
  network: 'back online',
  cli: 'pulse sync',
  confirm: 'confirmed removals',
};

export const RESULT_LABEL: Record<string, string> = {
  running: 'Running',
  ok: 'OK',
  failed: 'Failed',
  refused: 'Held by fail-safe',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export const SCHEDULER_LABEL: Record<string, string> = {
  stopped: 'Automatic sync is off',
  idle: 'Waiting for the next sync',
  running: 'Syncing now',
  offline: 'Offline: retrying until the network is back',
  reconnect_needed: 'Stopped: reconnect your Zoho account',
};
