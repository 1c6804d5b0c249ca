import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import { DEMO_HISTORY_DAYS, seedSnapshotHistory } from '../../src-main/demo/snapshot-history';
import { demoLikeCore as demoLikeCoreAt } from '../helpers/demo-like-core';

const day = (d: Date) => d.toISOString().slice(0, 10);

describe('the demo workspace’s snapshot history', () => {
  let core: Core;
  afterEach(async () => core?.close());

  function demoLikeCore(today: string) {
    core = demoLikeCoreAt(today);
    return core.ctx.store.sqlite;
  }

  it('writes ~60 plausible days once, so What moved has something in most buckets on first start', async () => {
    const today = day(new Date());
    const db = demoLikeCore(today);
    expect(seedSnapshotHistory(db, 2026, today)).toBe(DEMO_HISTORY_DAYS);
    const days = db.prepare('SELECT DISTINCT day FROM deal_snapshots ORDER BY day').all() as { day: string }[];
    expect(days).toHaveLength(DEMO_HISTORY_DAYS);
    expect(days.at(-1)!.day < today).toBe(true);
    // A second start keeps what is there.
    expect(seedSnapshotHistory(db, 2026, today)).toBe(0);

    // No deal appears in a snapshot before it was created.
    const early = db
      .prepare(
        `SELECT count(*) AS n FROM deal_snapshots s JOIN deals d ON d.id = s.deal_id
         WHERE s.day < substr(d.created_time, 1, 10)`,
      )
      .get() as { n: number };
    expect(early.n).toBe(0);
    // A deal won since was open before it closed.
    const won = db
      .prepare(
        `SELECT count(*) AS n FROM deal_snapshots s JOIN deals d ON d.id = s.deal_id
         WHERE d.stage = 'Closed Won' AND s.stage NOT LIKE 'Closed%'`,
      )
      .get() as { n: number };
    expect(won.n).toBeGreaterThan(0);

    core.ctx.pipeline.dealsChanged();
    const moved = await core.call('deals.moved', {});
    // Most buckets, not all: which seeded deals happen to close in the last 7 days (won or lost)
    // follows the generator's random draws.
    const buckets = ['won', 'lost', 'pushedOut', 'pulledIn', 'amountUp', 'amountDown', 'stageForward'] as const;
    const filled = buckets.filter((b) => moved.buckets[b].count > 0);
    expect(filled.length, `filled: ${filled.join(', ')}`).toBeGreaterThanOrEqual(6);
    expect(moved.buckets.won.count + moved.buckets.lost.count).toBeGreaterThan(0);
    const history = await core.call('dashboard.history', {});
    expect(history.length).toBe(DEMO_HISTORY_DAYS + 1);
    expect(new Set(history.map((p) => Math.round(p.pipeline))).size).toBeGreaterThan(10);
  });
});
