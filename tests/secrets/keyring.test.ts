import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFRESH_TOKEN, CLIENT_SECRET } from '../../src-main/core/connection/secret-names';
import { createKeychainStore, NO_KEYCHAIN_MESSAGE } from '../../src-main/core/secrets/keyring-store';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';

// Runs against the real OS keychain through @napi-rs/keyring: in CI, gnome-keyring inside the private
// D-Bus session that `npm test` starts. Skipped (and counted as skipped) only where no Secret Service exists.
const available = Boolean(process.env.PULSE_KEYRING_AVAILABLE);

/** Every file of a data folder (SQLite, its WAL, settings, anything) as one string, to grep for secrets. */
function folderText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ deals: 40 });
});
afterAll(() => sandbox?.close());

const envFor = (token: string) => ({
  ZOHO_CLIENT_ID: sandbox.demoClient.clientId,
  ZOHO_CLIENT_SECRET: sandbox.demoClient.clientSecret,
  ZOHO_REFRESH_TOKEN: token,
  ZOHO_ACCOUNTS_URL: sandbox.baseUrl,
});
// No D-Bus session address: the Secret Service cannot be reached, exactly as on a server with none.
const NO_BUS = { DBUS_SESSION_BUS_ADDRESS: undefined };

describe('no Secret Service on this machine (a headless Linux box)', () => {
  it('pulse connect --from-env refuses in one sentence that says what to start, exit 1, and saves nothing', async () => {
    const dataDir = tempDir('pulse-nokeychain-');
    const token = sandbox.issueRefreshToken();
    const r = await runPulse(['connect', '--data-dir', dataDir, '--from-env'], { ...envFor(token), ...NO_BUS });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(NO_KEYCHAIN_MESSAGE);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const files = folderText(dataDir);
    expect(files).not.toContain(token);
    expect(files).not.toContain(sandbox.demoClient.clientSecret);
    const status = await runPulse(['status', '--data-dir', dataDir, '--json'], NO_BUS);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).connection).toBe('disconnected');
  });

  it('offline commands and the sandbox keep working without a keychain', async () => {
    const exp = await runPulse(
      ['export', 'deals', '--format', 'csv', '--data-dir', tempDir('pulse-nokeychain-')],
      NO_BUS,
    );
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout.split('\n')[0]).toMatch(/deal_name|id/i);
  });
});

describe.skipIf(!available)('secrets in the real OS keychain (@napi-rs/keyring + gnome-keyring)', () => {
  it('stores, reads back and deletes a secret, namespaced by profile', async () => {
    const profile = `test-${crypto.randomUUID()}`;
    const store = createKeychainStore(profile);
    const other = createKeychainStore(`${profile}-other`);
    const secret = `1000.${crypto.randomBytes(16).toString('hex')}`;

    expect(await store.get('refresh_token')).toBeNull();
    await store.set('refresh_token', secret);
    expect(await store.get('refresh_token')).toBe(secret);
    expect(await other.get('refresh_token')).toBeNull();
    expect(await store.delete('refresh_token')).toBe(true);
    expect(await store.delete('refresh_token')).toBe(false);
    expect(await store.get('refresh_token')).toBeNull();
  });

  it('connect, sync and disconnect: the refresh token is found only in the keychain, and gone after', async () => {
    const dataDir = tempDir('pulse-keychain-');
    const token = sandbox.issueRefreshToken();
    const connect = await runPulse(['connect', '--data-dir', dataDir, '--from-env'], envFor(token));
    expect(connect.code, connect.stderr).toBe(0);
    const keychain = createKeychainStore(dataDir);
    expect(await keychain.get(REFRESH_TOKEN)).toBe(token);
    expect(await keychain.get(CLIENT_SECRET)).toBe(sandbox.demoClient.clientSecret);

    const sync = await runPulse(['sync', '--full', '--data-dir', dataDir, '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const status = JSON.parse((await runPulse(['status', '--data-dir', dataDir, '--json'])).stdout);
    expect(status.dealCount).toBe(40);
    const everything = folderText(dataDir) + connect.stdout + connect.stderr + sync.stdout + sync.stderr;
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(sandbox.demoClient.clientSecret);

    const disconnect = await runPulse(['disconnect', '--data-dir', dataDir]);
    expect(disconnect.code, disconnect.stderr).toBe(0);
    expect(await keychain.get(REFRESH_TOKEN)).toBeNull();
    expect(await keychain.get(CLIENT_SECRET)).toBeNull();
  });
});
