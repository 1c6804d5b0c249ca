import { describe, expect, it } from 'vitest';
import { describeStatus, type StatusInputs } from '../../src-main/core/webhooks/status';
import type { WebhookConfig } from '../../src-main/core/webhooks/webhook-repo';
import { parseListen } from '../../src-main/cli/commands/webhook';

const NOW = Date.parse('2026-05-02T10:00:00Z');
const config: WebhookConfig = {
  enabled: true,
  listenHost: '127.0.0.1',
  listenPort: 8787,
  publicUrl: 'https://pulse.example.com/zoho',
  channelId: '1234567890123',
  events: ['Deals.all'],
  expiresAt: new Date(NOW + 86_400_000).toISOString(),
  renewedAt: new Date(NOW - 86_400_000).toISOString(),
  lastError: null,
  lastTest: { at: new Date(NOW).toISOString(), ok: true, message: 'ok' },
};
const inputs = (over: Partial<StatusInputs> = {}, c: Partial<WebhookConfig> = {}): StatusInputs => ({
  config: { ...config, ...c },
  hostsReceiver: true,
  listening: true,
  renewAt: null,
  lastEventAt: null,
  eventsToday: 0,
  refused: { count: 0, last: null },
  recent: [],
  now: NOW,
  ...over,
});

describe('which way the data stays fresh', () => {
  it('instant only while set up, unexpired, listening, and the last test and renewal passed', () => {
    expect(describeStatus(inputs())).toMatchObject({ state: 'healthy', mode: 'instant' });
    expect(describeStatus(inputs({ config: null }))).toMatchObject({ state: 'off', mode: 'periodic', channelId: null });
    expect(describeStatus(inputs({}, { enabled: false }))).toMatchObject({ state: 'off', mode: 'periodic' });
    expect(describeStatus(inputs({}, { expiresAt: new Date(NOW - 1).toISOString() }))).toMatchObject({
      state: 'expired',
      mode: 'periodic',
      summary:
        'Instant updates are not working: the notification channel has expired. The periodic sync keeps the data fresh.',
    });
    expect(describeStatus(inputs({ listening: false }))).toMatchObject({ state: 'failing', mode: 'periodic' });
    expect(describeStatus(inputs({}, { lastError: 'Renewing failed.' })).summary).toMatch(
      /not working: Renewing failed\. The/,
    );
    expect(describeStatus(inputs({}, { lastTest: { at: '', ok: false, message: 'it never arrived.' } })).state).toBe(
      'failing',
    );
  });

  it('a process that does not host the receiver judges by the channel and the last test only', () => {
    expect(describeStatus(inputs({ hostsReceiver: false, listening: false }))).toMatchObject({ mode: 'instant' });
  });
});

describe('pulse webhook --listen', () => {
  it('reads HOST:PORT, [v6]:PORT and PORT', () => {
    expect(parseListen(undefined)).toEqual({ listenHost: '127.0.0.1', listenPort: 8787 });
    expect(parseListen('0.0.0.0:9000')).toEqual({ listenHost: '0.0.0.0', listenPort: 9000 });
    expect(parseListen('[::1]:9001')).toEqual({ listenHost: '::1', listenPort: 9001 });
    expect(parseListen('9002')).toEqual({ listenHost: '127.0.0.1', listenPort: 9002 });
    for (const bad of ['host', 'h:0', 'h:70000', ':80', 'a:b:c']) expect(() => parseListen(bad)).toThrow(/HOST:PORT/);
  });
});
