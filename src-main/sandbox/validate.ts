/**
 * Checks and applies the field values of one record in a write (PUT/POST) the way Zoho does:
 * per-record errors with the offending field's API name in `details`, mandatory fields on create,
 * Stage driving Probability, Currency driving Exchange_Rate, Expected_Revenue recomputed.
 */
import { CURRENCY_BY_ISO, OWNERS, STAGE_BY_NAME, ownerRef } from './catalog';
import type { Account } from './generator';
import { DEAL_FIELD_BY_API } from './metadata';
import { isValidDate } from './time';
import type { DealRecord } from './types';

export interface RecordError {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

export type Applied = { ok: true; rec: DealRecord; changed: string[] } | { ok: false; error: RecordError };

/** Fields Zoho maintains itself; values sent for them are ignored. */
const SYSTEM = new Set([
  'id',
  'Created_Time',
  'Modified_Time',
  'Created_By',
  'Modified_By',
  'Expected_Revenue',
  'Tag',
  '$approval_state',
  '$currency_symbol',
]);
const MANDATORY = ['Deal_Name', 'Stage', 'Closing_Date'];

const invalid = (
  api: string,
  index: number,
  extra: Record<string, unknown> = {},
  message = 'invalid data',
): RecordError => ({
  code: 'INVALID_DATA',
  details: { api_name: api, json_path: `$.data[${index}].${api}`, ...extra },
  message,
  status: 'error',
});

export function mandatoryMissing(api: string, index: number): RecordError {
  return {
    code: 'MANDATORY_NOT_FOUND',
    details: { api_name: api, json_path: `$.data[${index}].${api}` },
    message: 'required field not found',
    status: 'error',
  };
}

export interface ApplyContext {
  accounts: Map<string, Account>;
  contacts: Map<string, { id: string; name: string }>;
}

export function applyFields(
  base: DealRecord | null,
  input: Record<string, unknown>,
  index: number,
  ctx: ApplyContext,
): Applied {
  const rec: DealRecord = base
    ? { ...base }
    : ({ id: '', Deal_Name: '', Created_Time: '', Modified_Time: '' } as DealRecord);
  const changed: string[] = [];
  const set = (api: string, value: unknown) => {
    if (JSON.stringify(rec[api] ?? null) !== JSON.stringify(value ?? null)) changed.push(api);
    rec[api] = value;
  };
  let probabilityGiven = false;
  let rateGiven = false;

  for (const [api, value] of Object.entries(input)) {
    if (SYSTEM.has(api)) continue;
    const def = DEAL_FIELD_BY_API.get(api);
    if (!def) return { ok: false, error: invalid(api, index) };
    if (value === null || value === '') {
      if (def.mandatory) return { ok: false, error: mandatoryMissing(api, index) };
      set(api, def.type === 'multiselectpicklist' ? [] : null);
      continue;
    }
    switch (def.type) {
      case 'text':
      case 'textarea':
        if (typeof value !== 'string') return { ok: false, error: invalid(api, index, { expected_data_type: 'text' }) };
        if (def.length && value.length > def.length)
          return { ok: false, error: invalid(api, index, { maximum_length: def.length }) };
        set(api, value);
        break;
      case 'date':
        if (typeof value !== 'string' || !isValidDate(value))
          return { ok: false, error: invalid(api, index, { expected_data_type: 'date' }) };
        set(api, value);
        break;
      case 'integer': {
        const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isInteger(n))
          return { ok: false, error: invalid(api, index, { expected_data_type: 'integer' }) };
        if (api === 'Probability' && (n < 0 || n > 100))
          return { ok: false, error: invalid(api, index, {}, 'Given Probability is not valid') };
        if (api === 'Probability') probabilityGiven = true;
        set(api, n);
        break;
      }
      case 'double':
      case 'currency': {
        const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isFinite(n))
          return { ok: false, error: invalid(api, index, { expected_data_type: def.type }) };
        if (api === 'Exchange_Rate') {
          if (n <= 0) return { ok: false, error: invalid(api, index) };
          rateGiven = true;
        }
        set(api, n);
        break;
      }
      case 'picklist':
        if (typeof value !== 'string' || !def.values?.includes(value))
          return { ok: false, error: invalid(api, index, { expected_data_type: 'picklist' }) };
        set(api, value === '-None-' ? null : value);
        break;
      case 'multiselectpicklist':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !def.values?.includes(v))) {
          return { ok: false, error: invalid(api, index, { expected_data_type: 'jsonarray' }) };
        }
        set(api, [...new Set(value as string[])]);
        break;
      case 'lookup': {
        const id = lookupId(value);
        const target = id ? (api === 'Account_Name' ? ctx.accounts.get(id) : ctx.contacts.get(id)) : undefined;
        if (!target) return { ok: false, error: invalid(api, index, { expected_data_type: 'jsonobject' }) };
        set(api, { name: target.name, id: target.id });
        break;
      }
      case 'ownerlookup': {
        const id = lookupId(value);
        const user = OWNERS.find((o) => o.id === id);
        if (!user) return { ok: false, error: invalid(api, index, { expected_data_type: 'jsonobject' }) };
        set(api, ownerRef(user));
        break;
      }
      default:
        set(api, value);
    }
  }

  for (const api of MANDATORY) {
    if (rec[api] === undefined || rec[api] === null || rec[api] === '')
      return { ok: false, error: mandatoryMissing(api, index) };
  }
  if (changed.includes('Stage') && !probabilityGiven) {
    const stage = STAGE_BY_NAME.get(String(rec.Stage));
    if (stage) set('Probability', stage.probability);
  }
  if (changed.includes('Currency') && !rateGiven) {
    const cur = CURRENCY_BY_ISO.get(String(rec.Currency));
    if (cur) set('Exchange_Rate', cur.rate);
  }
  const amount = typeof rec.Amount === 'number' ? rec.Amount : null;
  const probability = typeof rec.Probability === 'number' ? rec.Probability : null;
  rec.Expected_Revenue = amount !== null && probability !== null ? Math.round(amount * probability) / 100 : null;
  return { ok: true, rec, changed };
}

function lookupId(value: unknown): string | null {
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string')
    return (value as { id: string }).id;
  return null;
}
