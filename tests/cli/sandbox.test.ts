import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../src-main/cli/commands/sandbox';
import { UsageError } from '../../src-main/cli/command';
import { refreshAccess } from '../helpers/sandbox';

const ROOT = join(import.meta.dirname, '..', '..');

describe('pulse sandbox', () => {
  it('prints its base URL and credentials, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'pulse.mjs'), 'sandbox', '--deals', '20', '--print-credentials', '--edition', 'free'],
      { cwd: ROOT },
    );
    const lines = createInterface({ input: child.stdout });
    const it = lines[Symbol.asyncIterator]();
    const base = (await it.next()).value as string;
    const creds = JSON.parse((await it.next()).value as string);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(creds).toMatchObject({ client_id: '1000.PULSESANDBOXDEMO', accounts_url: base, api_domain: base });
    const t = await refreshAccess(base, creds.refresh_token, creds.client_id, creds.client_secret);
    const r = await fetch(`${base}/crm/v8/Deals?fields=Deal_Name`, {
      headers: { Authorization: `Zoho-oauthtoken ${t.body.access_token}` },
    });
    expect((await r.json()).data).toHaveLength(20);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 30_000);

  it('bad flags are usage errors', async () => {
    const io = { out: () => {}, err: () => {}, isTTY: false, env: {} };
    await expect(sandboxCommand.run(['--edition', 'gold'], io)).rejects.toBeInstanceOf(UsageError);
    await expect(sandboxCommand.run(['--faults', 'meteor'], io)).rejects.toBeInstanceOf(UsageError);
    await expect(sandboxCommand.run(['--deals', '-3'], io)).rejects.toBeInstanceOf(UsageError);
    await expect(sandboxCommand.run(['--nope'], io)).rejects.toBeInstanceOf(UsageError);
  });
});
