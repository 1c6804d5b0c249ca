import type { WebhookStatus } from '../../../src-shared/contract/webhook-schemas';
import { createCore, type Core } from '../../core/core';
import { resolveDataDir } from '../../core/data-dir';
import { parseCliArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';

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

async function call<T>(core: Core, name: string, args: unknown, io: CliIO): Promise<T | null> {
  const outcome = await core.dispatch(name, args);
  if (outcome.ok) return outcome.result as T;
  const fields = outcome.error.fields ? ` (${Object.values(outcome.error.fields).flat().join('; ')})` : '';
  io.err(`${outcome.error.message}${fields}`);
  return null;
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
    const core = createCore({
      dataDir: resolveDataDir(values['data-dir'], io.env),
      host: 'test',
      sync: { autoStart: false },
      o2r: { autoPush: false },
    });
    try {
      if (sub === 'test') {
        try {
          const t = await core.ctx.webhooks.test({ listenMeanwhile: true });
          io.out(values.json ? JSON.stringify(t) : `${t.ok ? 'OK' : 'FAILED'}: ${t.message}`);
          return t.ok ? EXIT_OK : EXIT_FAILURE;
        } catch (e) {
          io.err((e as Error).message);
          return EXIT_FAILURE;
        }
      }
      const name = sub === 'setup' ? 'webhook.setup' : sub === 'disable' ? 'webhook.disable' : 'webhook.status';
      const s = await call<WebhookStatus>(core, name, setupArgs ?? {}, io);
      if (!s) return EXIT_FAILURE;
      if (values.json) io.out(JSON.stringify(s));
      else printStatus(s, io);
      return sub === 'setup' && s.lastTest && !s.lastTest.ok ? EXIT_FAILURE : EXIT_OK;
    } finally {
      await core.close();
    }
  },
};
