import type { ZohoApi } from '../zoho/zoho-api';
import type { FieldRepo, StageInfo } from './field-repo';

interface FieldJson {
  api_name?: string;
  field_label?: string;
  display_label?: string;
  data_type?: string;
  custom_field?: boolean;
  read_only?: boolean;
  pick_list_values?: { actual_value?: string; display_value?: string; probability?: number; forecast_type?: string }[];
}

/**
 * One call: `/settings/fields?module=Deals` gives every Deal field and, on the Stage field, the
 * stage list with probability and forecast type (Open / Closed Won / Closed Lost), which is what
 * "open deal" means for snapshots and dashboards.
 */
export async function discoverFields(api: ZohoApi, repo: FieldRepo, signal?: AbortSignal): Promise<void> {
  const res = await api.request<{ fields?: FieldJson[] }>({
    path: '/crm/v8/settings/fields',
    query: { module: 'Deals' },
    signal,
  });
  const list = res.data?.fields ?? [];
  if (list.length === 0) throw new Error('Zoho returned no Deal fields; cannot decide what to sync');
  const fields = list
    .filter((f): f is FieldJson & { api_name: string } => typeof f.api_name === 'string')
    .map((f) => ({
      apiName: f.api_name,
      label: f.field_label ?? f.display_label ?? f.api_name,
      dataType: f.data_type ?? 'text',
      custom: Boolean(f.custom_field),
      readOnly: Boolean(f.read_only),
      json: JSON.stringify({
        api_name: f.api_name,
        data_type: f.data_type,
        field_label: f.field_label,
        custom_field: f.custom_field,
      }),
    }));
  const stageField = list.find((f) => f.api_name === 'Stage');
  const stages: StageInfo[] = (stageField?.pick_list_values ?? [])
    .filter((v) => (v.actual_value ?? v.display_value) && v.actual_value !== '-None-')
    .map((v) => ({
      name: (v.actual_value ?? v.display_value)!,
      probability: typeof v.probability === 'number' ? v.probability : null,
      forecastType: v.forecast_type ?? null,
    }));
  repo.replaceMetadata(fields, stages);
}
