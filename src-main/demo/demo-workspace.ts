import path from 'node:path';
import type { Core } from '../core/core';
import { localToday } from '../core/o2r-store/o2r-service';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { seedDemoAlerts } from './demo-alerts';
import { seedDemoHealthHistory } from './demo-health-history';
import { seedSnapshotHistory } from './snapshot-history';

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
  const stopHistory = seedHistoryAfterFirstSync(core);
  return {
    sandbox,
    close: () => {
      stop();
      stopHistory();
      return sandbox.close();
    },
  };
}

/**
 * Once a sync has filled the demo, give its weekly review eight weeks of health history to compare
 * with (demo-health-history.ts), its deals ~60 days of snapshots (snapshot-history.ts) and the
 * data-quality alerts of the last two weeks of those (demo-alerts.ts); each does nothing when its
 * history exists already.
 */
function seedHistoryAfterFirstSync(core: Core): () => void {
  // Per context: a damaged data file has none until it is restored (core.onOpen).
  let off = () => {};
  const stop = core.onOpen((ctx) => {
    off();
    off = ctx.sync.onRunEnded((r) => {
      if (r.status !== 'ok') return;
      off();
      const written = seedDemoHealthHistory(ctx.store.sqlite, ctx.o2r.getSettings(), localToday());
      if (written) ctx.o2r.historySeeded();
      // ~60 days of deal snapshots, so What moved and the over-time chart have something to show.
      if (seedSnapshotHistory(ctx.store.sqlite, DEMO_SEED, ctx.today()) > 0) ctx.pipeline.dealsChanged();
      // A fortnight of data-quality alerts replayed from that history, so the Alerts screen has some.
      seedDemoAlerts(ctx.store.sqlite, ctx.o2r.getSettings(), ctx.today());
    });
  });
  return () => {
    stop();
    off();
  };
}
