/**
 * `pulse webhook setup|status|test|disable` and `pulse web` hosting the receiver, as real
 * processes against a sandbox, with the channel token in the real keychain.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { runPulse, startPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';
import { keyringAvailable } from '../helpers/connection';
import { freePort } from '../helpers/webhook-rig';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ deals: 30, notifyRetryDelaysMs: [200, 400, 800] });
});
afterAll(() => sandbox?.close());

describe('pulse webhook', () => {
  it('refuses bad arguments with a usage error (exit 2)', async () => {
    const none = await runPulse(['webhook', 'setup']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/needs --public-url/);
    const listen = await runPulse(['webhook', 'setup', '--public-url', 'https://x.example/h', '--listen', 'nope']);
    expect(listen.code).toBe(2);
    expect(listen.stderr).toMatch(/--listen wants HOST:PORT/);
    const sub = await runPulse(['webhook', 'open']);
    expect(sub.code).toBe(2);
  });

  it('status and test before any setup say so', async () => {
    const dataDir = tempDir('pulse-hook-cli-');
    const s = await runPulse(['webhook', 'status', '--data-dir', dataDir, '--json']);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ enabled: false, state: 'off', mode: 'periodic' });
    const t = await runPulse(['webhook', 'test', '--data-dir', dataDir]);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/not set up/);
  });

  it.skipIf(!keyringAvailable)(
    'set up from the CLI, hosted by pulse web: an edit in the CRM lands in the store; disable turns it off',
    async () => {
      const dataDir = tempDir('pulse-hook-cli-');
      const env = {
        ZOHO_CLIENT_ID: sandbox.demoClient.clientId,
        ZOHO_CLIENT_SECRET: sandbox.demoClient.clientSecret,
        ZOHO_REFRESH_TOKEN: sandbox.issueRefreshToken(),
        ZOHO_ACCOUNTS_URL: sandbox.baseUrl,
      };
      expect((await runPulse(['connect', '--data-dir', dataDir, '--from-env'], env)).code).toBe(0);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/zoho/notify`;
      // With nothing running, setup listens for its own round-trip test.
      const setup = await runPulse([
        'webhook',
        'setup',
        '--data-dir',
        dataDir,
        '--public-url',
        url,
        '--listen',
        `127.0.0.1:${port}`,
        '--json',
      ]);
      expect(setup.code, setup.stderr).toBe(0);
      const s = JSON.parse(setup.stdout);
      expect(s).toMatchObject({ enabled: true, publicUrl: url, lastTest: { ok: true } });
      const db = new Database(path.join(dataDir, 'pulse.sqlite'), { readonly: true });
      try {
        const stored = JSON.stringify(db.prepare('SELECT * FROM sync_state').all());
        const watch = await sandboxChannels(sandbox);
        expect(watch[0].channel_id).toBe(s.channelId);
        expect(stored).not.toContain(watch[0].token);
        expect(setup.stdout).not.toContain(watch[0].token);

        const web = await startPulse(
          ['web', '--data-dir', dataDir, '--no-demo', '--port', '0'],
          /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
        );
        try {
          // pulse web runs the first sync, then hosts the receiver.
          await expect.poll(() => db.prepare('SELECT count(*) FROM deals').pluck().get(), { timeout: 30_000 }).toBe(30);
          const test = await runPulse(['webhook', 'test', '--data-dir', dataDir]);
          expect(test.stdout, test.stderr).toMatch(/^OK: A sample notification went through/);
          const runs = db.prepare('SELECT count(*) FROM sync_runs').pluck().get();
          const [deal] = sandbox.dumpDeals();
          sandbox.editDeal(deal.id, { Amount: 31_337 });
          await expect
            .poll(() => db.prepare('SELECT amount FROM deals WHERE id = ?').pluck().get(deal.id), { timeout: 10_000 })
            .toBe(31_337);
          expect(db.prepare('SELECT count(*) FROM sync_runs').pluck().get()).toBe(runs);
          const status = await runPulse(['webhook', 'status', '--data-dir', dataDir]);
          expect(status.stdout).toMatch(/Last event: +\d{4}-.* \(1 today\)/);
        } finally {
          await web.proc.stop();
        }
        const off = await runPulse(['webhook', 'disable', '--data-dir', dataDir, '--json']);
        expect(off.code).toBe(0);
        expect(JSON.parse(off.stdout)).toMatchObject({ enabled: false, state: 'off' });
        expect(await sandboxChannels(sandbox)).toEqual([]);
      } finally {
        db.close();
      }
    },
    90_000,
  );
});

async function sandboxChannels(sb: Sandbox): Promise<{ channel_id: string; token: string }[]> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: sb.demoClient.clientId,
    client_secret: sb.demoClient.clientSecret,
    refresh_token: sb.issueRefreshToken(),
  });
  const { access_token } = (await (await fetch(`${sb.baseUrl}/oauth/v2/token`, { method: 'POST', body })).json()) as {
    access_token: string;
  };
  const r = await fetch(`${sb.baseUrl}/crm/v8/actions/watch`, {
    headers: { Authorization: `Zoho-oauthtoken ${access_token}` },
  });
  return r.status === 204 ? [] : ((await r.json()) as { watch: { channel_id: string; token: string }[] }).watch;
}
