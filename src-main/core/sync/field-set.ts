import { COQL_MAX_COLUMNS } from '../zoho/coql';
import type { FieldInfo, FieldMapping } from './mapping-guess';

/**
 * The Deal fields a sync asks for: what the app shows, filters or sums on (list, dashboard,
 * currency, O2R), plus the mapped milestone and dimension fields — nothing else. Get Records takes
 * at most 50 fields (COQL up to 500 columns, so the lookups' extra name columns still fit; see
 * docs/zoho-api.md); asking for less also makes every page smaller and faster.
 */
export const BASE_FIELDS = [
  'Deal_Name',
  'Account_Name',
  'Owner',
  'Stage',
  'Probability',
  'Amount',
  'Currency',
  'Exchange_Rate',
  'Closing_Date',
  'Created_Time',
  'Modified_Time',
] as const;

export const MAX_FIELDS = 50;

/**
 * COQL returns a lookup as `{id}` only; the name (and the owner's e-mail) need dotted columns.
 * Lookups not listed here cannot be read fully through COQL, so a field set with one of them
 * makes the full sync use Get Records instead.
 */
const LOOKUP_COLUMNS: Record<string, { name: string; email?: string }> = {
  Account_Name: { name: 'Account_Name.Account_Name' },
  Contact_Name: { name: 'Contact_Name.Full_Name' },
  Owner: { name: 'Owner.full_name', email: 'Owner.email' },
  Created_By: { name: 'Created_By.full_name', email: 'Created_By.email' },
  Modified_By: { name: 'Modified_By.full_name', email: 'Modified_By.email' },
};

export interface FieldSet {
  /** For Get Records' `fields` (no `id`: Zoho always returns it). */
  recordFields: string[];
  /** For COQL's select list, or null when COQL cannot return these fields in full. */
  coqlColumns: string[] | null;
  /** Lookup fields (their values are {name, id[, email]} objects). */
  lookups: Map<string, { name: string; email?: string }>;
  /** Changes whenever the field list changes: a checkpoint from another field set is not resumed. */
  key: string;
}

const LOOKUP_TYPES = new Set(['lookup', 'ownerlookup']);

export function buildFieldSet(known: readonly FieldInfo[], mapping: FieldMapping): FieldSet {
  const byApi = new Map(known.map((f) => [f.apiName, f]));
  // Before the first discovery (or in a stripped-down org) only ask for fields that exist.
  const exists = (api: string) => byApi.size === 0 || byApi.has(api);
  const wanted: string[] = [];
  for (const f of [...BASE_FIELDS, ...Object.values(mapping)])
    if (f && exists(f) && !wanted.includes(f)) wanted.push(f);
  const recordFields = wanted.slice(0, MAX_FIELDS);

  const lookups = new Map<string, { name: string; email?: string }>();
  let coqlOk = true;
  const coqlColumns: string[] = [];
  for (const f of recordFields) {
    const type = byApi.get(f)?.dataType ?? (f in LOOKUP_COLUMNS ? 'lookup' : 'text');
    coqlColumns.push(f);
    if (!LOOKUP_TYPES.has(type)) continue;
    const cols = LOOKUP_COLUMNS[f];
    if (!cols) {
      coqlOk = false;
      lookups.set(f, { name: '' });
      continue;
    }
    lookups.set(f, cols);
    coqlColumns.push(cols.name);
    if (cols.email) coqlColumns.push(cols.email);
  }
  const coql = coqlOk && coqlColumns.length <= COQL_MAX_COLUMNS ? coqlColumns : null;
  return { recordFields, coqlColumns: coql, lookups, key: recordFields.join(',') };
}
