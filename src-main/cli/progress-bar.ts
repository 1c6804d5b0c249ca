import type { SyncProgress } from '../../src-shared/contract/schemas';

const WIDTH = 28;

/** One line: a bar on a terminal (redrawn in place), a plain line otherwise. */
export function progressLine(p: SyncProgress, tty: boolean): string {
  const total = p.totalEstimate;
  const pct = total ? Math.min(100, Math.floor((p.records / Math.max(total, 1)) * 100)) : null;
  const eta = p.etaMs !== null && !p.done ? `  ETA ${Math.ceil(p.etaMs / 1000)}s` : '';
  const counts = `${p.records.toLocaleString('en-US')}${total ? `/${total.toLocaleString('en-US')}` : ''} deals, ${p.pages} pages`;
  if (!tty) return `${p.kind} ${p.phase}: ${counts}${eta}`;
  const filled = pct === null ? 0 : Math.round((pct / 100) * WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
  return `${bar} ${pct === null ? '  ?' : String(pct).padStart(3)}% ${p.phase.padEnd(10)} ${counts}${eta}`;
}
