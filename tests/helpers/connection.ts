import type { CallArgs, CallName, CallResult } from '../../src-shared/contract/calls';
import { createCore, type Core } from '../../src-main/core/core';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { tempDir } from './temp-dir';

// Service-level tests use the real OS keychain (gnome-keyring in `npm test`'s D-Bus session).
export const keyringAvailable = Boolean(process.env.PULSE_KEYRING_AVAILABLE);

export async function coreWithSandbox(
  opts: { signInTimeoutMs?: number } = {},
): Promise<{ core: Core; sandbox: Sandbox; dataDir: string; close(): Promise<void> }> {
  const sandbox = await startSandbox({ deals: 20 });
  const dataDir = tempDir('pulse-conn-');
  const core = createCore({
    dataDir,
    host: 'test',
    connection: {
      loopbackPort: 0, // a free port: tests run in parallel
      signInTimeoutMs: opts.signInTimeoutMs,
      clientTuning: { backoffBaseMs: 20, backoffMaxMs: 200, timeoutMs: 3_000 },
    },
  });
  return {
    core,
    sandbox,
    dataDir,
    async close() {
      await core.ctx.connection.disconnect().catch(() => undefined); // leaves no secret in the keychain
      await core.close();
      await sandbox.close();
    },
  };
}

/** A typed call through the contract, failing the test with the error's name and message. */
export async function ok<K extends CallName>(core: Core, name: K, args?: CallArgs<K>): Promise<CallResult<K>> {
  try {
    return await core.call(name, args ?? ({} as CallArgs<K>));
  } catch (e) {
    throw new Error(`${name} failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
  }
}

/** `pulse connect` to a sandbox, secrets read from standard input (`-`), never the command line. */
export function sandboxConnectArgs(
  sandbox: Sandbox,
  dataDir: string,
  opts: { clientSecret?: boolean; json?: boolean } = {},
): string[] {
  return [
    'connect',
    '--data-dir',
    dataDir,
    '--region',
    'sandbox',
    '--accounts-url',
    sandbox.baseUrl,
    '--client-id',
    sandbox.demoClient.clientId,
    ...(opts.clientSecret ? ['--client-secret', '-'] : []),
    '--refresh-token',
    '-',
    ...(opts.json ? ['--json'] : []),
  ];
}
