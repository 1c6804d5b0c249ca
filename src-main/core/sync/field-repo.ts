import type { Database } from 'better-sqlite3';
import type { DealFieldsTable, DealStagesTable, FieldMappingTable } from '../store/schema';
import { MAPPING_ROLES, guessMapping, type FieldInfo, type FieldMapping, type MappingRole } from './mapping-guess';

export interface StageInfo {
  name: string;
  probability: number | null;
  forecastType: string | null;
}

export interface MappingEntry {
  role: MappingRole;
  apiName: string | null;
  /** 'guess' (derived from names, re-guessed when metadata changes) or 'user' (kept as set). */
  source: 'guess' | 'user';
}

/**
 * The org's Deal fields and stages as last discovered, and the role → field mapping. Guesses are
 * refreshed whenever the metadata is; a role the user set is never overwritten by a guess.
 */
export class FieldRepo {
  constructor(private readonly sqlite: Database) {}

  fields(): FieldInfo[] {
    const rows = this.sqlite
      .prepare<[], Pick<DealFieldsTable, 'api_name' | 'label' | 'data_type' | 'custom'>>(
        'SELECT api_name, label, data_type, custom FROM deal_fields ORDER BY api_name',
      )
      .all();
    return rows.map((r) => ({ apiName: r.api_name, label: r.label, dataType: r.data_type, custom: r.custom === 1 }));
  }

  stages(): StageInfo[] {
    const rows = this.sqlite
      .prepare<[], Pick<DealStagesTable, 'name' | 'probability' | 'forecast_type'>>(
        'SELECT name, probability, forecast_type FROM deal_stages ORDER BY sequence',
      )
      .all();
    return rows.map((r) => ({ name: r.name, probability: r.probability, forecastType: r.forecast_type }));
  }

  /** Stores fresh metadata and re-guesses the roles the user did not set, in one transaction. */
  replaceMetadata(fields: (FieldInfo & { readOnly: boolean; json: string })[], stages: StageInfo[]): void {
    const at = new Date().toISOString();
    const insF = this.sqlite.prepare(
      'INSERT INTO deal_fields (api_name, label, data_type, custom, read_only, json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insS = this.sqlite.prepare(
      'INSERT INTO deal_stages (name, probability, forecast_type, sequence) VALUES (?, ?, ?, ?)',
    );
    this.sqlite.transaction(() => {
      this.sqlite.exec('DELETE FROM deal_fields; DELETE FROM deal_stages;');
      for (const f of fields)
        insF.run(f.apiName, f.label, f.dataType, f.custom ? 1 : 0, f.readOnly ? 1 : 0, f.json, at);
      stages.forEach((s, i) => insS.run(s.name, s.probability, s.forecastType, i));
      this.applyGuesses(guessMapping(fields), at);
    })();
  }

  entries(): MappingEntry[] {
    const rows = this.sqlite
      .prepare<[], Pick<FieldMappingTable, 'role' | 'api_name' | 'source'>>(
        'SELECT role, api_name, source FROM field_mapping',
      )
      .all();
    const byRole = new Map(rows.map((r) => [r.role, r]));
    return MAPPING_ROLES.map((role) => {
      const r = byRole.get(role);
      return { role, apiName: r?.api_name ?? null, source: r?.source === 'user' ? 'user' : 'guess' };
    });
  }

  mapping(): FieldMapping {
    return Object.fromEntries(this.entries().map((e) => [e.role, e.apiName])) as FieldMapping;
  }

  /** User edits; `null` unmaps a role. Returns true when anything changed. */
  setUserMapping(patch: Partial<Record<MappingRole, string | null>>): boolean {
    const before = JSON.stringify(this.mapping());
    const at = new Date().toISOString();
    const up = this.upsert();
    this.sqlite.transaction(() => {
      for (const [role, apiName] of Object.entries(patch)) if (apiName !== undefined) up.run(role, apiName, 'user', at);
    })();
    return JSON.stringify(this.mapping()) !== before;
  }

  /** Forgets the user's choices for these roles and goes back to the guesses. */
  resetToGuesses(roles: readonly MappingRole[] = MAPPING_ROLES): void {
    const at = new Date().toISOString();
    const guess = guessMapping(this.fields());
    const up = this.upsert();
    this.sqlite.transaction(() => {
      for (const role of roles) up.run(role, guess[role], 'guess', at);
    })();
  }

  private applyGuesses(guess: FieldMapping, at: string): void {
    const users = new Set(
      this.entries()
        .filter((e) => e.source === 'user')
        .map((e) => e.role),
    );
    const up = this.upsert();
    for (const role of MAPPING_ROLES) if (!users.has(role)) up.run(role, guess[role], 'guess', at);
  }

  private upsert() {
    return this.sqlite.prepare(
      `INSERT INTO field_mapping (role, api_name, source, updated_at)
       VALUES (?, ?, ?, ?)
       ON CONFLICT(role)
       DO UPDATE SET api_name = excluded.api_name, source = excluded.source, updated_at = excluded.updated_at`,
    );
  }
}
