import { createCore, type Core } from '../../src-main/core/core';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { tempDir } from '../helpers/temp-dir';

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

/** Unwraps a dispatch outcome, failing the test with the error's message. */
export async function ok<T = unknown>(core: Core, name: string, args: unknown = {}): Promise<T> {
  const outcome = await core.dispatch(name, args);
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.name}: ${outcome.error.message}`);
  return outcome.result as T;
}
