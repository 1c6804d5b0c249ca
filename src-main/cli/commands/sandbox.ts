import { intFlag, parseCliArgs, portFlag } from '../args';
import { UsageError, type CliCommand } from '../command';
import { NAMED_PROFILES, parseFaults, startSandbox, type Edition } from '../../sandbox/index';

const EDITIONS: Edition[] = ['free', 'standard', 'professional', 'enterprise', 'ultimate'];

const usage = `Usage: pulse sandbox [options]

Runs the local Zoho CRM v8 sandbox (OAuth + CRM API + control API under /__sandbox/) on
127.0.0.1 until interrupted (Ctrl-C / SIGTERM). Prints its base URL, which is both the
accounts server and the api_domain.

Options:
  --port P              port to listen on (default 0: a free port)
  --deals N             deals to generate (default 300)
  --seed S              generator seed (default 42)
  --latency-ms L        added latency per API call (default 0)
  --jitter-ms J         random extra latency 0..J per API call (default 0)
  --faults NAME         fault profile: ${Object.keys(NAMED_PROFILES).join(', ')} (NAME:SEED for another seed, or JSON)
  --edition E           ${EDITIONS.join(', ')} (default enterprise): concurrency and daily credits
  --data FILE           load the workspace from FILE if it exists and save edits to it
  --print-credentials   also print one JSON line {client_id, client_secret, refresh_token, accounts_url,
                        api_domain, control_secret}

The control API (/__sandbox/…) answers only requests that carry its per-launch secret in the
X-Sandbox-Secret header, and none made by a web page. The secret is random unless
PULSE_SANDBOX_SECRET is set; --print-credentials prints it.`;

export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'Run the local Zoho CRM sandbox (demo workspace and tests)',
  usage,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, {
      port: { type: 'string' },
      deals: { type: 'string' },
      seed: { type: 'string' },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      faults: { type: 'string' },
      edition: { type: 'string' },
      data: { type: 'string' },
      'print-credentials': { type: 'boolean' },
    });
    const port = portFlag('port', values.port);
    const edition = values.edition as Edition | undefined;
    if (edition !== undefined && !EDITIONS.includes(edition))
      throw new UsageError(`--edition must be one of ${EDITIONS.join(', ')}`);
    if (values.faults !== undefined) {
      try {
        parseFaults(values.faults);
      } catch (e) {
        throw new UsageError(`--faults: ${(e as Error).message}`);
      }
    }
    const sb = await startSandbox({
      port,
      deals: intFlag('deals', values.deals),
      seed: intFlag('seed', values.seed),
      latencyMs: intFlag('latency-ms', values['latency-ms']),
      jitterMs: intFlag('jitter-ms', values['jitter-ms']),
      faults: values.faults,
      edition,
      dataFile: values.data,
    });
    io.out(sb.baseUrl);
    if (values['print-credentials']) {
      io.out(
        JSON.stringify({
          client_id: sb.demoClient.clientId,
          client_secret: sb.demoClient.clientSecret,
          refresh_token: sb.issueRefreshToken(),
          accounts_url: sb.baseUrl,
          api_domain: sb.baseUrl,
          control_secret: sb.controlSecret,
        }),
      );
    }
    // Run until a signal; close cleanly so a --data file gets its last save.
    return new Promise<number>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void sb.close().then(() => resolve(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};
