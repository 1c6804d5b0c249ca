import { ValidationError } from '../../../../src-shared/contract/errors';
import type { FieldMappingInfo } from '../../../../src-shared/contract/sync-schemas';
import type { CoreContext } from '../../core-context';
import { MAPPING_ROLES, acceptsType, type MappingRole } from '../../sync/mapping-guess';
import { KV } from '../../sync/state-kv';
import type { HandlerGroup } from '../handler-types';

/** The role → Deal field mapping (milestones, territory, country, service line), for Settings. */
export function fieldsHandlers(ctx: CoreContext): HandlerGroup<'fields.mapping.get' | 'fields.mapping.update'> {
  const repo = ctx.sync.engine.fields;

  function info(): FieldMappingInfo {
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
      discoveredAt: ctx.sync.engine.kv.get<string>(KV.fieldsRefreshedAt) ?? null,
    };
  }

  return {
    async 'fields.mapping.get'() {
      return info();
    },
    async 'fields.mapping.update'({ mapping, reset }) {
      // A field that does not exist (or cannot hold that role) is rejected before anything changes.
      const fields = new Map(repo.fields().map((f) => [f.apiName, f]));
      const problems: Record<string, string> = {};
      for (const [role, apiName] of Object.entries(mapping) as [MappingRole, string | null][]) {
        if (apiName === null) continue;
        const f = fields.get(apiName);
        if (!f) problems[`mapping.${role}`] = `no Deal field "${apiName}" in this org (sync once to discover fields)`;
        else if (!acceptsType(role, f.dataType))
          problems[`mapping.${role}`] =
            `"${apiName}" is a ${f.dataType} field; ${role} needs ${role === 'territory' || role === 'country' || role === 'serviceLine' ? 'a picklist, text or lookup' : 'a date'} field`;
      }
      if (Object.keys(problems).length)
        throw new ValidationError('Some fields cannot be used for these roles', problems);
      const before = JSON.stringify(repo.mapping());
      if (reset.length) repo.resetToGuesses(reset);
      repo.setUserMapping(mapping);
      if (JSON.stringify(repo.mapping()) !== before) ctx.sync.mappingChanged();
      return info();
    },
  };
}
