/**
 * O2R settings (thresholds, stage → phase table, tracked roles), stored as the user's *patch*
 * over the defaults, so improved defaults in a later version still reach users who never changed
 * that value. The resolved object is cached and replaced (never mutated) on update, because the
 * domain layer caches derived look-ups per settings object.
 */
import type { Database } from 'better-sqlite3';
import { ValidationError } from '../../../src-shared/contract/errors';
import { resolveO2RSettings, settingsProblems, type O2RSettings, type O2RSettingsPatch } from '../o2r/index';

export class O2RSettingsStore {
  private cached: O2RSettings | null = null;
  /** Bumped on every change, so the opportunity cache knows to recompute everything. */
  version = 0;

  constructor(private readonly sqlite: Database) {}

  patch(): O2RSettingsPatch {
    const json = this.sqlite.prepare('SELECT json FROM o2r_settings WHERE id = 1').pluck().get() as string | undefined;
    if (!json) return {};
    try {
      return JSON.parse(json) as O2RSettingsPatch;
    } catch {
      return {}; // a damaged row must not break the tracker: defaults
    }
  }

  get(): O2RSettings {
    this.cached ??= resolveO2RSettings(this.patch());
    return this.cached;
  }

  /** Merges: thresholds key by key; lists and the stage table replace the stored ones. */
  update(change: O2RSettingsPatch): O2RSettings {
    const cur = this.patch();
    const next: O2RSettingsPatch = {
      ...cur,
      ...change,
      thresholds: { ...cur.thresholds, ...change.thresholds },
      quality: { ...cur.quality, ...change.quality },
      probabilityPhases: { ...cur.probabilityPhases, ...change.probabilityPhases },
    };
    // Judged as a whole: a change that is fine alone may clash with what is stored.
    const problems = settingsProblems(resolveO2RSettings(next));
    if (Object.keys(problems).length)
      throw new ValidationError(
        `Invalid O2R settings: ${Object.entries(problems)
          .map(([k, m]) => `${k}: ${m}`)
          .join('; ')}`,
        problems,
      );
    this.sqlite
      .prepare(
        `INSERT INTO o2r_settings (id, json, updated_at)
         VALUES (1, ?, ?)
         ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
      )
      .run(JSON.stringify(next), new Date().toISOString());
    this.cached = null;
    this.version++;
    return this.get();
  }

  /** Forgets the user's patch: the defaults apply again. */
  reset(): O2RSettings {
    this.sqlite.prepare('DELETE FROM o2r_settings WHERE id = 1').run();
    this.cached = null;
    this.version++;
    return this.get();
  }

  /** Another process may have changed the row; drop the cache when it differs. */
  reload(): void {
    const fresh = resolveO2RSettings(this.patch());
    if (JSON.stringify(fresh) !== JSON.stringify(this.cached)) {
      this.cached = fresh;
      this.version++;
    }
  }
}
