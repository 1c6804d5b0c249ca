import type { ConnectionStatus } from '../../../src-shared/contract/connection-schemas';
import { isRegionId, REGION_IDS, type RegionId } from '../../core/zoho/regions';
import { parseCliArgs, portFlag } from '../args';
import { EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';
import { FROM_STDIN, SecretReader } from '../secret-input';
import { withCore } from '../with-core';

export const connectCommand: CliCommand = {
  name: 'connect',
  summary: 'Connect a Zoho CRM account (browser sign-in, Self Client grant code, refresh token or env vars)',
  usage: `Usage: pulse connect [--data-dir D] [--region R] [--accounts-url U] [--client-id ID] [--client-secret -]
                    (--browser [--port P] | --grant-code - | --refresh-token - | --from-env)

  --region R         Zoho data centre: ${REGION_IDS.join(', ')} (default: in)
  --accounts-url U   the server's base URL, for --region sandbox (e.g. http://127.0.0.1:4010)
  --client-id ID     the client from the Zoho API console (https://api-console.zoho.in)
  --client-secret -  its secret (needed for a Self Client; a desktop PKCE client has none)
  --browser          sign in in your browser (prints the URL to open); the client's redirect URI
                     must be http://127.0.0.1:<port>/oauth/callback
  --port P           the loopback port for --browser (default 53682)
  --grant-code -     a Self Client grant code (exchanged at once; they expire in minutes)
  --refresh-token -  an existing refresh token
  --from-env         ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN, ZOHO_ACCOUNTS_URL, ZOHO_BASE_URL

Secrets: give \`-\` and the value is read from standard input, never from the command line (which
every user of this computer can see in the process list). On a terminal you are asked for it with
the typing hidden; from a pipe or file, one value per line in this order: client secret, then
grant code or refresh token. Example:
  printf '%s\\n%s\\n' "$SECRET" "$TOKEN" | pulse connect --client-id ID --client-secret - --refresh-token -
A value typed on the command line still works, with a warning.

The refresh token and client secret are stored in the OS keychain only; nothing secret is printed.`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, {
      'data-dir': { type: 'string' },
      region: { type: 'string' },
      'accounts-url': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      browser: { type: 'boolean' },
      port: { type: 'string' },
      'grant-code': { type: 'string' },
      'refresh-token': { type: 'string' },
      'from-env': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const flows = ['browser', 'grant-code', 'refresh-token', 'from-env'].filter(
      (f) => values[f as keyof typeof values] !== undefined,
    );
    if (flows.length !== 1)
      throw new UsageError('choose exactly one of --browser, --grant-code, --refresh-token, --from-env');
    if (values.region !== undefined && !isRegionId(values.region))
      throw new UsageError(`--region must be one of ${REGION_IDS.join(', ')}`);
    const region = values.region as RegionId | undefined;
    const clientId = values['client-id'];
    if (flows[0] !== 'from-env' && !clientId) throw new UsageError('--client-id is required');
    // Read every `-` secret before anything else happens, in the documented order.
    const reader = new SecretReader({ stdin: io.stdin ?? process.stdin, prompt: (t) => process.stderr.write(t) });
    const secret = async (flag: string, label: string) => {
      const value = values[flag as 'client-secret' | 'grant-code' | 'refresh-token'];
      if (value === undefined) return undefined;
      if (value === FROM_STDIN) return reader.read(label);
      io.err(
        `pulse connect: warning: --${flag} on the command line is visible in the process list; use --${flag} - next time`,
      );
      return value;
    };
    const clientSecret = await secret('client-secret', 'client secret');
    const grantCode = await secret('grant-code', 'grant code');
    const refreshToken = await secret('refresh-token', 'refresh token');
    reader.close();
    const target = {
      region,
      accountsUrl: values['accounts-url'],
      clientId: clientId ?? '',
      clientSecret,
    };
    const port = portFlag('port', values.port, false);

    return withCore(
      io,
      values['data-dir'],
      async (core) => {
        const service = core.ctx.connection;
        let status: ConnectionStatus;
        if (flows[0] === 'browser') {
          const start = await service.startBrowserSignIn(target);
          io.out('Open this address in your browser and sign in to Zoho:');
          io.out(`  ${start.authorizeUrl}`);
          io.out(`Waiting for Zoho to redirect to ${start.redirectUri} … (Ctrl+C to cancel)`);
          status = await service.browserSignInSettled();
          if (status.signIn.error) throw Object.assign(new Error(status.signIn.error.message), { name: 'SignInError' });
        } else if (flows[0] === 'grant-code') {
          if (!target.clientSecret) throw new UsageError('--grant-code needs --client-secret');
          status = await service.connectWithGrantCode({ ...target, grantCode: grantCode! });
        } else if (flows[0] === 'refresh-token') {
          status = await service.connectWithRefreshToken({ ...target, refreshToken: refreshToken! });
        } else {
          status = await service.connectFromEnv(io.env, region);
        }
        report(io, status, Boolean(values.json));
        return EXIT_OK;
      },
      { connection: { loopbackPort: port } },
    );
  },
};

function report(io: CliIO, s: ConnectionStatus, json: boolean) {
  if (json) {
    io.out(
      JSON.stringify({
        state: s.state,
        region: s.region,
        apiDomain: s.apiDomain,
        org: s.org,
        user: s.user,
        secretStore: s.secretStore,
      }),
    );
    return;
  }
  io.out(
    `Connected to ${s.org?.name ?? 'Zoho CRM'}${s.org?.edition ? ` (${s.org.edition} edition)` : ''} as ${s.user?.name ?? 'unknown user'}${s.user?.email ? ` <${s.user.email}>` : ''}.`,
  );
  io.out(`Region ${s.region}, API ${s.apiDomain}. The sign-in is kept in the ${s.secretStore ?? 'keychain'}.`);
}
