import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';
import { keyringAvailable } from '../helpers/connection';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ deals: 5 });
});
afterAll(() => sandbox?.close());

describe('pulse connect / disconnect', () => {
  it('rejects ambiguous or incomplete flags with a usage error (exit 2)', async () => {
    const both = await runPulse(['connect', '--client-id', 'x', '--refresh-token', 't', '--browser']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of/);
    const region = await runPulse(['connect', '--region', 'mars', '--refresh-token', 't', '--client-id', 'x']);
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/--region must be one of in, us, eu/);
  });

  it.skipIf(!keyringAvailable)(
    "connects from the original tool's environment variables, and disconnects (revoking at Zoho)",
    async () => {
      const dataDir = tempDir('pulse-cli-conn-');
      const token = sandbox.issueRefreshToken();
      const env = {
        ZOHO_CLIENT_ID: sandbox.demoClient.clientId,
        ZOHO_CLIENT_SECRET: sandbox.demoClient.clientSecret,
        ZOHO_REFRESH_TOKEN: token,
        ZOHO_ACCOUNTS_URL: sandbox.baseUrl,
      };
      const connect = await runPulse(['connect', '--data-dir', dataDir, '--from-env', '--json'], env);
      expect(connect.code, connect.stderr).toBe(0);
      expect(JSON.parse(connect.stdout)).toMatchObject({
        state: 'connected',
        region: 'sandbox',
        org: { name: 'Pulse Demo Services Pte Ltd' },
      });
      expect(connect.stdout).not.toContain(token);
      const disconnect = await runPulse(['disconnect', '--data-dir', dataDir]);
      expect(disconnect.stdout).toMatch(/revoked at Zoho/);
      expect(sandbox.stats().calls['POST /oauth/v2/token/revoke']).toBeGreaterThanOrEqual(1);
    },
  );

  it.skipIf(!keyringAvailable)('reports a wrong client id in words, exit 1', async () => {
    const r = await runPulse([
      'connect',
      '--data-dir',
      tempDir(),
      '--region',
      'sandbox',
      '--accounts-url',
      sandbox.baseUrl,
      '--client-id',
      '1000.NOPE',
      '--refresh-token',
      sandbox.issueRefreshToken(),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not know this client ID/);
  });
});
