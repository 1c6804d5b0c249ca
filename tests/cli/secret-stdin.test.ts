import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { PULSE_BIN, REPO_ROOT, runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';
import { keyringAvailable, sandboxConnectArgs } from '../helpers/connection';

/**
 * Issue 18 weak spot: `--client-secret S` and `--refresh-token T` put secrets in the process list.
 * With `-` they are read from standard input (one per line) or, on a terminal, prompted for with
 * the typing hidden. Before this, `-` was taken as the token itself and Zoho refused it.
 */
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ deals: 5 });
});
afterAll(() => sandbox?.close());

const connectArgs = (dataDir: string) => sandboxConnectArgs(sandbox, dataDir, { clientSecret: true, json: true });

describe('secrets are read from standard input, never the command line', () => {
  it('says so in --help', async () => {
    const help = await runPulse(['connect', '--help']);
    expect(help.stdout).toMatch(/--refresh-token -/);
    expect(help.stdout).toMatch(/read from standard input/);
  });

  it('refuses an empty standard input with a usage error, before anything is saved', async () => {
    const r = await runPulse(connectArgs(tempDir()), {}, { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no client secret was given on standard input/);
  });

  it.skipIf(!keyringAvailable)('connects with the client secret and refresh token piped in, one per line', async () => {
    const token = sandbox.issueRefreshToken();
    const dataDir = tempDir('pulse-stdin-');
    const r = await runPulse(connectArgs(dataDir), {}, { input: `${sandbox.demoClient.clientSecret}\n${token}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ state: 'connected', region: 'sandbox' });
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(r.stderr).not.toMatch(/warning/);
    await runPulse(['disconnect', '--data-dir', dataDir]);
  });

  it.skipIf(!keyringAvailable || spawnSync('sh', ['-c', 'command -v script']).status !== 0)(
    'prompts on a terminal with the typing hidden',
    async () => {
      const token = sandbox.issueRefreshToken();
      const dataDir = tempDir('pulse-tty-');
      // `script` runs the command on a real pseudo-terminal; what we type arrives through it.
      const command = [process.execPath, PULSE_BIN, ...connectArgs(dataDir)].map((a) => `'${a}'`).join(' ');
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: REPO_ROOT });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      const prompted = (what: RegExp) => expect.poll(() => out, { timeout: 30_000 }).toMatch(what);
      await prompted(/Client secret \(typing is hidden\): /);
      child.stdin.write(`${sandbox.demoClient.clientSecret}\r`);
      await prompted(/Refresh token \(typing is hidden\): /);
      child.stdin.write(`${token}\r`);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, out).toBe(0);
      expect(out).toMatch(/"state":"connected"/);
      // Hidden: neither secret was echoed back to the terminal.
      expect(out).not.toContain(token);
      expect(out).not.toContain(sandbox.demoClient.clientSecret);
      await runPulse(['disconnect', '--data-dir', dataDir]);
    },
  );
});
