import { describe, expect, it } from 'vitest';
import { loadRowsSyncedSince } from '../../src-main/core/o2r-store/inputs';
import { openStore } from '../../src-main/core/store/open-store';
import { tempDir } from '../helpers/temp-dir';

describe('the O2R refresh after a sync reads only what the sync wrote (real SQLite file)', () => {
  it('finds the rows written after the watermark through deals_synced_at, not a scan of every deal', async () => {
    const store = openStore(tempDir());
    const { sqlite } = store;
    // The statement the O2R cache prepares after every sync, as it prepares it (observed, not replaced).
    const seen: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((sql: string) => {
      seen.push(sql);
      return prepare(sql);
    }) as typeof sqlite.prepare;
    expect(loadRowsSyncedSince(sqlite, '2026-12-01T00:00:00.000Z')).toEqual([]);
    const sql = seen.find((s) => s.includes('synced_at > ?'));
    expect(sql).toBeDefined();
    const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2026-12-01') as { detail: string }[]).map((r) => r.detail);
    // At 1,000,000 deals a scan costs ~300 ms on the main process after every sync, even an empty one.
    expect(plan.join('\n')).toMatch(/SEARCH d USING INDEX deals_synced_at \(synced_at>\?\)/);
    expect(plan.some((d) => /^SCAN d\b/.test(d))).toBe(false);
    await store.close();
  });
});
