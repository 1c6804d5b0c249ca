import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SELF_CLIENT_ID, SELF_CLIENT_SECRET } from '../../src-main/sandbox/index';
import { runPulse } from '../helpers/pulse-process';
import { coreWithSandbox, keyringAvailable, sandboxConnectArgs } from '../helpers/connection';

/** Every token the sandbox ever issued (white-box: its private maps), to grep for. */
function issuedTokens(oauth: object): string[] {
  const o = oauth as { refreshTokens: Map<string, unknown>; accessTokens: Map<string, unknown> };
  return [...o.refreshTokens.keys(), ...o.accessTokens.keys()];
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe.skipIf(!keyringAvailable)('no token leaves the keychain / memory', () => {
  it('after connect, refreshes, test, sync status and the CLI, no token is in the data folder, output, answers or events', async () => {
    const env = await coreWithSandbox();
    const { core, sandbox, dataDir } = env;
    const sent: string[] = []; // everything the renderer could receive: answers and events
    core.ctx.events.subscribe((name, payload) => sent.push(JSON.stringify({ name, payload })));
    const call = async (name: string, args: unknown = {}) => {
      const outcome = await core.dispatch(name, args);
      sent.push(JSON.stringify(outcome));
      return outcome;
    };
    const seen = new Set<string>(); // tokens issued over the run (revoked ones vanish from the sandbox)
    const remember = () => issuedTokens(sandbox.core.oauth).forEach((t) => seen.add(t));

    // 1. Refresh-token flow, then calls across an access-token expiry (a refresh happens).
    const base = { region: 'sandbox', accountsUrl: sandbox.baseUrl };
    await call('connection.connectWithRefreshToken', {
      ...base,
      clientId: sandbox.demoClient.clientId,
      clientSecret: sandbox.demoClient.clientSecret,
      refreshToken: sandbox.issueRefreshToken(),
    });
    remember();
    await core.ctx.connection.api().request({ path: '/crm/v8/Deals', query: { fields: 'Deal_Name' } });
    sandbox.expireAccessTokens();
    await call('connection.test');
    await call('connection.status');
    await call('sync.status');
    remember();
    // 2. Self Client grant code (with a real client secret), replacing the connection.
    const code = sandbox.core.oauth.issueSelfClientCode();
    await call('connection.connectWithGrantCode', {
      ...base,
      clientId: SELF_CLIENT_ID,
      clientSecret: SELF_CLIENT_SECRET,
      grantCode: code,
    });
    remember();
    await call('connection.test');
    // 3. The CLI against the same data folder (its own process, same keychain).
    const cliToken = sandbox.issueRefreshToken();
    seen.add(cliToken);
    const cli = await runPulse(sandboxConnectArgs(sandbox, dataDir), {}, { input: `${cliToken}\n` });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/Connected to Pulse Demo Services Pte Ltd/);
    const status = await runPulse(['status', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(status.stdout).connection).toBe('connected');
    await call('connection.status');
    remember();
    await call('connection.disconnect');
    const disconnected = await runPulse(['disconnect', '--data-dir', dataDir]);
    expect(disconnected.stdout).toMatch(/No Zoho CRM account is connected/);
    await env.close();

    const secrets = [...seen, SELF_CLIENT_SECRET];
    expect(seen.size).toBeGreaterThanOrEqual(6); // 3 refresh tokens + their access tokens
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('pulse.sqlite'))).toBe(true);
    const haystacks: [string, string][] = [
      ...files.map((f) => [f, fs.readFileSync(f).toString('latin1')] as [string, string]),
      ['renderer answers and events', sent.join('\n')],
      ['CLI output', [cli, status, disconnected].map((r) => r.stdout + r.stderr).join('\n')],
    ];
    for (const [where, text] of haystacks) {
      for (const secret of secrets) expect(text.includes(secret), `${where} contains a secret`).toBe(false);
    }
  });
});
