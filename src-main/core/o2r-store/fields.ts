/**
 * The deal fields the O2R tracker may edit and write back: the seven milestone dates plus stage,
 * probability and closing date. Each has a column in the local `deals` row (so the edit shows at
 * once everywhere) and a Zoho API name (milestones: from the sync engine's field mapping, since
 * orgs name these custom fields differently; the rest are standard Deal fields).
 */
import type { Database } from 'better-sqlite3';
import { MILESTONE_ROLES, type MilestoneRole } from '../o2r/index';

export const EDIT_FIELDS = [...MILESTONE_ROLES, 'stage', 'probability', 'closingDate'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];
/** What a field holds: a 'YYYY-MM-DD' date, a stage name, a probability, or nothing. */
export type FieldValue = string | number | null;

export const DEAL_COLUMN: Readonly<Record<EditField, string>> = Object.freeze({
  proposal: 'proposal_date',
  sow: 'sow_date',
  po: 'po_date',
  kickoff: 'kickoff_date',
  invoice: 'invoice_date',
  payment: 'payment_date',
  revenue: 'revenue_date',
  stage: 'stage',
  probability: 'probability',
  closingDate: 'closing_date',
});

/** The original org's names (docs/o2r.md#milestones), used until the sync engine has discovered the org's own fields. */
export const DEFAULT_MILESTONE_API_NAMES: Readonly<Record<MilestoneRole, string>> = Object.freeze({
  proposal: 'Proposal_Submission_date',
  sow: 'SOW_Work_Start_Date',
  po: 'PO_Generation_Date',
  kickoff: 'Kick_off_Date',
  invoice: 'Invoice_Date',
  payment: 'Payment_Received_Date',
  revenue: 'OB_Recognition_Date',
});

const STANDARD_API_NAMES = { stage: 'Stage', probability: 'Probability', closingDate: 'Closing_Date' } as const;

export function isMilestone(field: EditField): field is MilestoneRole {
  return (MILESTONE_ROLES as readonly string[]).includes(field);
}

/**
 * Field → Zoho API name: the field mapping's choice; null when the user unmapped the role; else the
 * docs/o2r.md#milestones name when the org has that field (or no metadata is known yet); else null:
 * the role cannot be written back.
 */
export function resolveApiNames(sqlite: Database): Record<EditField, string | null> {
  let rows: { role: string; api_name: string | null; source: string }[] = [];
  try {
    rows = sqlite.prepare('SELECT role, api_name, source FROM field_mapping').all() as typeof rows;
  } catch {
    // No field_mapping table (a store without the sync migration): defaults.
  }
  let known: Set<string> | null = null;
  try {
    const names = sqlite.prepare('SELECT api_name FROM deal_fields').pluck().all() as string[];
    if (names.length) known = new Set(names);
  } catch {
    // no metadata table: trust the defaults
  }
  const mapped = new Map(rows.map((r) => [r.role, r]));
  const out = { ...STANDARD_API_NAMES } as Record<EditField, string | null>;
  for (const role of MILESTONE_ROLES) {
    const row = mapped.get(role);
    // The user unmapped the role (Settings → Field mapping: no field): nothing is written back.
    if (row?.source === 'user' && row.api_name === null) {
      out[role] = null;
      continue;
    }
    // The mapping wins; where its guess found nothing, the default name still serves if the org has it.
    const def = DEFAULT_MILESTONE_API_NAMES[role];
    out[role] = row?.api_name ?? (known === null || known.has(def) ? def : null);
  }
  return out;
}

/** A CRM or column value as the field's canonical value (dates cut to the day, numbers as numbers). */
export function normalizeValue(field: EditField, raw: unknown): FieldValue {
  if (raw === null || raw === undefined || raw === '') return null;
  if (field === 'probability') {
    const n = typeof raw === 'number' ? raw : Number(raw);
    return Number.isFinite(n) ? n : null;
  }
  const s = typeof raw === 'string' ? raw : String(raw);
  if (field === 'stage') return s;
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : s;
}

/** Values are stored as JSON text so null, strings and numbers survive unchanged. */
export const encodeValue = (v: FieldValue): string => JSON.stringify(v);
export const decodeValue = (text: string | null): FieldValue =>
  text === null ? null : (JSON.parse(text) as FieldValue);
