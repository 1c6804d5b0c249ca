/**
 * What one sync has to tell the user, turned into at most one notice (README "Notifications").
 * Pure: the notice service gathers the findings, this decides the wording, the order (most urgent
 * first), where each item leads, and which kinds the user switched off.
 */
import type { Notice, NoticeItem, NoticeKind } from '../../../src-shared/contract/notice-schemas';
import type { Settings } from '../../../src-shared/contract/schemas';

export interface WorsenedOpportunity {
  id: string;
  name: string;
  health: 'RED' | 'BLOCKED';
}

export interface RejectedEdit {
  dealId: string;
  dealName: string | null;
  /** The edited field as the app names it (kickoff, stage, …). */
  field: string;
  status: 'failed' | 'conflict';
  /** Zoho's message for a refusal. */
  message: string | null;
}

export interface SyncFindings {
  reconnectNeeded?: { message: string };
  syncFailed?: { message: string };
  /** A pull the fail-safe refused: it waits for the user. */
  failsafe?: { removals: number; localCount: number };
  worsened: WorsenedOpportunity[];
  rejectedEdits: RejectedEdit[];
}

/** The setting that switches each kind of notice on or off. */
export const NOTICE_SWITCH: Record<NoticeKind, keyof Settings> = {
  sync_failed: 'notifySyncFailed',
  reconnect_needed: 'notifyReconnectNeeded',
  health_worsened: 'notifyHealthWorsened',
  edits_rejected: 'notifyEditsRejected',
};

export type NoticeSwitches = Pick<Settings, (typeof NOTICE_SWITCH)[NoticeKind]>;

/** "Acme renewal, Beta rollout and 3 more". */
export function nameList(names: readonly string[], shown = 3): string {
  const head = names.slice(0, shown);
  const rest = names.length - head.length;
  if (rest > 0) return `${head.join(', ')} and ${rest} more`;
  if (head.length <= 1) return head.join('');
  return `${head.slice(0, -1).join(', ')} and ${head[head.length - 1]}`;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const clip = (s: string, max = 180) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function healthItems(worsened: readonly WorsenedOpportunity[]): NoticeItem[] {
  const items: NoticeItem[] = [];
  for (const health of ['BLOCKED', 'RED'] as const) {
    const these = worsened.filter((w) => w.health === health);
    if (!these.length) continue;
    items.push(
      these.length === 1
        ? {
            kind: 'health_worsened',
            title: `${these[0].name} turned ${health}`,
            detail: health === 'BLOCKED' ? 'It has an open blocker.' : 'It needs action now.',
            target: { screen: 'o2r', dealId: these[0].id },
          }
        : {
            kind: 'health_worsened',
            title: `${plural(these.length, 'opportunity', 'opportunities')} turned ${health}`,
            detail: nameList(these.map((w) => w.name)),
            target: { screen: 'o2r', health },
          },
    );
  }
  return items;
}

function editsItem(edits: readonly RejectedEdit[]): NoticeItem | null {
  if (!edits.length) return null;
  const refused = edits.filter((e) => e.status === 'failed').length;
  const conflicts = edits.length - refused;
  if (edits.length === 1) {
    const e = edits[0];
    const deal = e.dealName ?? `Deal ${e.dealId}`;
    return {
      kind: 'edits_rejected',
      title: e.status === 'conflict' ? 'An edit hit a conflict in Zoho CRM' : 'Zoho CRM refused an edit',
      detail: clip(
        e.status === 'conflict'
          ? `${deal}: ${e.field} was changed in Zoho CRM too. Choose which value to keep.`
          : `${deal}: ${e.field}${e.message ? ` — ${e.message}` : ''}`,
      ),
      target: { screen: 'o2r', dealId: e.dealId },
    };
  }
  const parts = [refused && `${refused} refused by Zoho CRM`, conflicts && plural(conflicts, 'conflict', 'conflicts')];
  const deals = [...new Set(edits.map((e) => e.dealName ?? `Deal ${e.dealId}`))];
  return {
    kind: 'edits_rejected',
    title: `${plural(edits.length, 'edit needs', 'edits need')} your attention`,
    detail: `${parts.filter(Boolean).join(', ')}: ${nameList(deals)}`,
    target: { screen: 'o2r', writeBackProblems: true },
  };
}

/** The findings of one sync as one notice, most urgent item first; null when nothing is left to say. */
export function buildNotice(
  findings: SyncFindings,
  switches: NoticeSwitches,
  meta: { id: string; at: string },
): Notice | null {
  const items: NoticeItem[] = [];
  if (findings.reconnectNeeded)
    items.push({
      kind: 'reconnect_needed',
      title: 'Reconnect to Zoho CRM',
      detail: clip(`${findings.reconnectNeeded.message} Syncing is stopped until you sign in again.`),
      target: { screen: 'settings', section: 'connection' },
    });
  if (findings.failsafe)
    items.push({
      kind: 'sync_failed',
      title: 'Sync on hold: your decision is needed',
      detail: `It would remove ${findings.failsafe.removals.toLocaleString('en-US')} of your ${findings.failsafe.localCount.toLocaleString('en-US')} deals; nothing was removed.`,
      target: { screen: 'settings', section: 'sync' },
    });
  if (findings.syncFailed)
    items.push({
      kind: 'sync_failed',
      title: 'Sync failed',
      detail: clip(findings.syncFailed.message),
      target: { screen: 'settings', section: 'sync' },
    });
  const edits = editsItem(findings.rejectedEdits);
  if (edits) items.push(edits);
  items.push(...healthItems(findings.worsened));

  const shown = items.filter((i) => switches[NOTICE_SWITCH[i.kind]] !== false);
  if (!shown.length) return null;
  const single = shown.length === 1;
  return {
    id: meta.id,
    at: meta.at,
    title: single ? shown[0].title : `${shown.length} things need your attention`,
    body: single ? shown[0].detail : shown.map((i) => i.title).join('\n'),
    target: shown[0].target,
    items: shown,
    dismissed: false,
  };
}
