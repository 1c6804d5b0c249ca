import { loadDeals, normalizedDeals } from '../../src-main/bench/deal-fixture';
import { createCore, type Core } from '../../src-main/core/core';
import { STAGES } from '../../src-main/sandbox/catalog';
import { tempDir } from './temp-dir';

/**
 * A core on a fresh folder holding what the demo workspace's first sync writes (its stages and
 * 1,500 deals of seed 2026), with `today` as the O2R day, for tests of what the demo seeds after it.
 */
export function demoLikeCore(today: string): Core {
  const core = createCore({ dataDir: tempDir(), host: 'test', o2r: { today: () => today } });
  const db = core.ctx.store.sqlite;
  STAGES.forEach((s, i) =>
    db
      .prepare('INSERT INTO deal_stages (name, probability, forecast_type, sequence) VALUES (?, ?, ?, ?)')
      .run(s.name, s.probability, s.forecastType, i),
  );
  const { records, mapping } = normalizedDeals(1500, 2026);
  loadDeals(core.ctx.store, records, mapping);
  return core;
}
