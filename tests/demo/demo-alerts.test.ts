import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import { DEMO_ALERT_DAYS, seedDemoAlerts } from '../../src-main/demo/demo-alerts';
import { seedSnapshotHistory } from '../../src-main/demo/snapshot-history';
import { demoLikeCore } from '../helpers/demo-like-core';

const day = (d: Date) => d.toISOString().slice(0, 10);

describe('the demo workspace’s data-quality alerts', () => {
  let core: Core;
  afterEach(async () => core?.close());

  it('replays the last fortnight of its snapshot history through the alert rules, once', async () => {
    const today = day(new Date());
    core = demoLikeCore(today);
    const db = core.ctx.store.sqlite;
    // No history, no alerts: nothing is made up.
    expect(seedDemoAlerts(db, core.ctx.o2r.getSettings(), today)).toBe(0);
    seedSnapshotHistory(db, 2026, today);

    const written = seedDemoAlerts(db, core.ctx.o2r.getSettings(), today);
    // "Some": enough to fill the screen, few enough to read (1,500 deals, two weeks).
    expect(written).toBeGreaterThan(5);
    expect(written).toBeLessThan(300);
    const alerts = await core.call('o2r.alerts', { sinceDays: 30, limit: 5000 });
    expect(alerts).toHaveLength(written);
    const oldest = new Date(Date.now() - (DEMO_ALERT_DAYS + 1) * 86_400_000).toISOString();
    for (const a of alerts) {
      expect(a.dealName, a.dealId).toBeTruthy();
      expect(a.detectedAt >= oldest.slice(0, 10)).toBe(true);
    }
    // Each stage-backwards alert is a real step back in that deal's history (the snapshot it names).
    const back = alerts.find((a) => a.kind === 'stage_backwards')!;
    expect(back.message).toMatch(/^Stage moved backwards from .+ to .+$/);
    const seen = db
      .prepare('SELECT count(*) AS n FROM deal_snapshots WHERE deal_id = ? AND stage = ?')
      .get(back.dealId, back.before) as { n: number };
    expect(seen.n).toBeGreaterThan(0);
    // A second start keeps what is there.
    expect(seedDemoAlerts(db, core.ctx.o2r.getSettings(), today)).toBe(0);
  });
});
