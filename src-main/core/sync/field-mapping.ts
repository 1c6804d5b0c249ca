import { ValidationError } from '../../../src-shared/contract/errors';
import type { FieldMappingInfo } from '../../../src-shared/contract/sync-schemas';
import type { FieldRepo } from './field-repo';
import { acceptsType, MAPPING_ROLES, type MappingRole } from './mapping-guess';

/** The role → Deal field mapping as Settings shows it: each role's field, and the fields each role may use. */
export function mappingInfo(repo: FieldRepo, discoveredAt: string | null): FieldMappingInfo {
  const fields = repo.fields();
  const byApi = new Map(fields.map((f) => [f.apiName, f]));
  return {
    roles: repo.entries().map((e) => ({
      role: e.role,
      apiName: e.apiName,
      source: e.source,
      label: e.apiName ? (byApi.get(e.apiName)?.label ?? null) : null,
    })),
    candidates: fields
      .map((f) => ({
        apiName: f.apiName,
        label: f.label,
        dataType: f.dataType,
        roles: MAPPING_ROLES.filter((r) => acceptsType(r, f.dataType)),
      }))
      .filter((c) => c.roles.length > 0),
    discoveredAt,
  };
}

const DIMENSIONS: readonly MappingRole[] = ['territory', 'country', 'serviceLine'];

/**
 * Applies the user's choices (and hands roles in `reset` back to the guess). A field that does not
 * exist, or cannot hold that role, is rejected with a ValidationError before anything changes.
 * Returns whether the mapping changed (then the next sync must be a full one).
 */
export function updateMapping(
  repo: FieldRepo,
  mapping: Partial<Record<MappingRole, string | null>>,
  reset: readonly MappingRole[],
): boolean {
  const fields = new Map(repo.fields().map((f) => [f.apiName, f]));
  const problems: Record<string, string> = {};
  for (const [role, apiName] of Object.entries(mapping) as [MappingRole, string | null][]) {
    if (apiName === null) continue;
    const f = fields.get(apiName);
    if (!f) problems[`mapping.${role}`] = `no Deal field "${apiName}" in this org (sync once to discover fields)`;
    else if (!acceptsType(role, f.dataType)) {
      const needs = DIMENSIONS.includes(role) ? 'a picklist, text or lookup' : 'a date';
      problems[`mapping.${role}`] = `"${apiName}" is a ${f.dataType} field; ${role} needs ${needs} field`;
    }
  }
  if (Object.keys(problems).length) throw new ValidationError('Some fields cannot be used for these roles', problems);
  const before = JSON.stringify(repo.mapping());
  if (reset.length) repo.resetToGuesses(reset);
  repo.setUserMapping(mapping);
  return JSON.stringify(repo.mapping()) !== before;
}
