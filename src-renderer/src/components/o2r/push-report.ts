/** A push's report (o2r.syncToCrm and friends) in one sentence for the person who asked for it. */
import type { z } from 'zod';
import type { pushReportSchema } from '../../../../src-shared/contract/o2r-schemas';

export type PushReport = z.infer<typeof pushReportSchema>;

const n = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

export function describePush(r: PushReport): { text: string; tone: 'good' | 'warn' | 'bad' } {
  if (r.busy || r.offline)
    return { text: r.message ?? 'Zoho CRM could not be reached; the changes stay queued.', tone: 'warn' };
  if (r.considered === 0)
    return { text: 'Nothing waiting to be sent: the CRM already has these values.', tone: 'good' };
  const parts = [`${n(r.confirmed, 'change', 'changes')} saved in Zoho CRM`];
  if (r.conflicts) parts.push(`${n(r.conflicts, 'conflict', 'conflicts')} to settle`);
  if (r.failed) parts.push(`${n(r.failed, 'change', 'changes')} refused`);
  const tone = r.failed ? 'bad' : r.conflicts ? 'warn' : 'good';
  const calls = r.puts ? ` (${n(r.puts, 'call', 'calls')})` : '';
  return { text: `${parts.join(', ')}${calls}.${r.message && tone !== 'good' ? ` ${r.message}` : ''}`, tone };
}
