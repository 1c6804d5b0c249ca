import type { WebhookStatus } from '../../../src-shared/contract/webhook-schemas';
import type { WebhookConfig } from './webhook-repo';

export interface StatusInputs {
  config: WebhookConfig | null;
  hostsReceiver: boolean;
  listening: boolean;
  renewAt: string | null;
  lastEventAt: string | null;
  eventsToday: number;
  refused: WebhookStatus['refused'];
  recent: WebhookStatus['recent'];
  now: number;
}

/**
 * Which way the data stays fresh, decided in one place: instant updates count only while they are
 * set up, the channel has not lapsed, no renewal or test failed since, and (in a process that
 * hosts it) the receiver listens. Anything else is the periodic delta, and the summary says why.
 */
export function describeStatus(i: StatusInputs): WebhookStatus {
  const c = i.config;
  const base = {
    hostsReceiver: i.hostsReceiver,
    listening: i.listening,
    listen: c ? { host: c.listenHost, port: c.listenPort } : null,
    publicUrl: c?.publicUrl ?? null,
    channelId: c?.enabled ? c.channelId : null,
    events: c?.enabled ? c.events : [],
    expiresAt: c?.enabled ? c.expiresAt : null,
    renewAt: i.renewAt,
    lastEventAt: i.lastEventAt,
    eventsToday: i.eventsToday,
    lastError: c?.enabled ? c.lastError : null,
    lastTest: c?.enabled ? c.lastTest : null,
    refused: i.refused,
    recent: i.recent,
  };
  if (!c?.enabled)
    return {
      ...base,
      enabled: false,
      state: 'off',
      mode: 'periodic',
      summary: 'Instant updates are off: the periodic sync keeps the data fresh.',
    };
  const expired = !c.expiresAt || Date.parse(c.expiresAt) <= i.now;
  const problem = expired
    ? 'the notification channel has expired'
    : c.lastError
      ? c.lastError.replace(/\.$/, '')
      : i.hostsReceiver && !i.listening
        ? 'the receiver is not running'
        : c.lastTest && !c.lastTest.ok
          ? c.lastTest.message.replace(/\.$/, '')
          : null;
  if (problem)
    return {
      ...base,
      enabled: true,
      state: expired ? 'expired' : 'failing',
      mode: 'periodic',
      summary: `Instant updates are not working: ${problem}. The periodic sync keeps the data fresh.`,
    };
  return {
    ...base,
    enabled: true,
    state: 'healthy',
    mode: 'instant',
    summary: 'Instant updates are on: Zoho CRM tells the app about each change as it happens.',
  };
}
