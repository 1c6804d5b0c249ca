import path from 'node:path';
import type { Core } from '../core/core';
import { startSandbox, type Sandbox } from '../sandbox/index';

export interface DemoWorkspace {
  sandbox: Sandbox;
  close(): Promise<void>;
}

/** Seeded so every newcomer sees the same realistic pipeline. */
export const DEMO_DEALS = 1500;
export const DEMO_SEED = 2026;

/** The demo's own folder inside a profile, so demo data never mixes with a real account's. */
export function demoDataDir(profileDir: string): string {
  return path.join(profileDir, 'demo-workspace');
}

/**
 * The demo workspace: a Zoho CRM sandbox on 127.0.0.1 inside this process, seeded with realistic
 * deals and saved next to the demo's data (so edits written back to "the CRM" survive restarts),
 * connected in memory (its tokens are for a local fake server and never reach the keychain), then
 * synced like a real account. Both the browser host and the desktop app use it.
 */
export async function startDemoWorkspace(core: Core): Promise<DemoWorkspace> {
  const sandbox = await startSandbox({
    deals: DEMO_DEALS,
    seed: DEMO_SEED,
    dataFile: path.join(core.dataDir, 'demo-crm.json'),
  });
  // Now, or — when the data file was damaged — once it has been restored. The connection announces
  // 'demo'; the sync starts from there (first start: a full sync; later starts: a delta — the
  // scheduler decides).
  const stop = core.onOpen((ctx) => {
    ctx.connection.useDemo({
      baseUrl: sandbox.baseUrl,
      clientId: sandbox.demoClient.clientId,
      clientSecret: sandbox.demoClient.clientSecret,
      refreshToken: sandbox.issueRefreshToken(),
    });
  });
  return {
    sandbox,
    close: () => {
      stop();
      return sandbox.close();
    },
  };
}
