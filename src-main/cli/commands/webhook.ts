import type { WebhookStatus } from '../../../src-shared/contract/webhook-schemas';
import { ApiError } from '../../../src-shared/contract/errors';
import { parseCliArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';
import { withCore } from '../with-core';

const USAGE = `Usage: pulse webhook <setup|status|test|disable> [--data-dir D] [--json]

  pulse webhook setup --public-url URL [--listen HOST:PORT]
      turn on instant updates: Zoho CRM posts each change of a deal to URL (your reverse proxy or
      tunnel), which must forward to the receiver on HOST:PORT (default 127.0.0.1:8787). The app
      and \`pulse web\` run the receiver; the channel is renewed before it expires (at most a week)
  pulse webhook status
      channel, expiry, last event, events today, last error, and which way the data stays fresh
  pulse webhook test
      send a sample notification to the public URL and say whether it reached the receiver
  pulse webhook disable
      turn instant updates off (the channel is disabled at Zoho); the periodic sync carries on

  --data-dir D   the profile's data folder (default: the desktop app's)
  --json         print JSON`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  'public-url': { type: 'string' },
  listen: { type: 'string' },
} as const;

/** `HOST:PORT`, `[v6]:PORT` or `PORT`. */
export function parseListen(text: string | undefined): { listenHost: string; listenPort: number } {
  if (text === undefined) return { listenHost: '127.0.0.1', listenPort: 8787 };
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim()) ?? /^()()(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--listen wants HOST:PORT (e.g. 127.0.0.1:8787), not "${text}"`);
  return { listenHost: m[1] || m[2] || '127.0.0.1', listenPort: port };
}

function printStatus(s: WebhookStatus, io: CliIO): void {
  io.out(`Instant updates: ${s.state}${s.enabled ? '' : ' (off)'}`);
  io.out(`In use:          ${s.mode === 'instant' ? 'instant updates' : 'periodic sync'} — ${s.summary}`);
  if (!s.enabled) return;
  io.out(`Public URL:      ${s.publicUrl}`);
  io.out(`Receiver:        ${s.listen ? `${s.listen.host}:${s.listen.port}` : '—'} (run by the app or \`pulse web\`)`);
  io.out(`Channel:         ${s.channelId} (${s.events.join(', ')})`);
  io.out(`Expires:         ${s.expiresAt ?? '—'}${s.renewAt ? `, renewed from ${s.renewAt}` : ''}`);
  io.out(`Last event:      ${s.lastEventAt ?? 'none yet'} (${s.eventsToday} today)`);
  if (s.lastTest)
    io.out(`Last test:       ${s.lastTest.ok ? 'ok' : 'FAILED'} at ${s.lastTest.at}: ${s.lastTest.message}`);
  if (s.lastError) io.out(`Last error:      ${s.lastError}`);
}

/** A refused call, said in one line: the message, then what was wrong with each field. */
function describeFailure(e: unknown): string {
  if (!(e instanceof ApiError)) return (e as Error).message;
  return `${e.message}${e.fields ? ` (${Object.values(e.fields).join('; ')})` : ''}`;
}

export const webhookCommand: CliCommand = {
  name: 'webhook',
  summary: 'Instant updates: set up, check, test or turn off Zoho CRM change notifications',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs(argv, OPTIONS, true);
    const [sub, ...rest] = positionals;
    if (!sub) throw new UsageError('which webhook command: setup, status, test or disable');
    if (rest.length) throw new UsageError(`unexpected argument: ${rest[0]}`);
    if (sub !== 'setup' && (values['public-url'] || values.listen))
      throw new UsageError('--public-url and --listen belong to `pulse webhook setup`');
    const setupArgs =
      sub === 'setup'
        ? (() => {
            if (!values['public-url']) throw new UsageError('pulse webhook setup needs --public-url URL');
            return { publicUrl: values['public-url'], ...parseListen(values.listen) };
          })()
        : null;
    if (!['setup', 'status', 'test', 'disable'].includes(sub)) throw new UsageError(`unknown webhook command: ${sub}`);
    return withCore(io, values['data-dir'], async (core) => {
      try {
        if (sub === 'test') {
          const t = await core.ctx.webhooks.test({ listenMeanwhile: true });
          io.out(values.json ? JSON.stringify(t) : `${t.ok ? 'OK' : 'FAILED'}: ${t.message}`);
          return t.ok ? EXIT_OK : EXIT_FAILURE;
        }
        const s =
          sub === 'setup'
            ? await core.call('webhook.setup', setupArgs!)
            : await core.call(sub === 'disable' ? 'webhook.disable' : 'webhook.status', {});
        if (values.json) io.out(JSON.stringify(s));
        else printStatus(s, io);
        return sub === 'setup' && s.lastTest && !s.lastTest.ok ? EXIT_FAILURE : EXIT_OK;
      } catch (e) {
        io.err(describeFailure(e));
        return EXIT_FAILURE;
      }
    });
  },
};
