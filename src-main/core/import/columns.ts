/**
 * What a column of a Zoho Deals export can mean: the targets of the import mapping, the headers
 * Zoho writes (its field labels) and the aliases the original Pipeline Pulse accepted, and the
 * columns without which an import cannot be trusted. docs/import-export.md lists them for users.
 */
import { IMPORT_CORE_TARGETS, IMPORT_TARGET_NAMES } from '../../../src-shared/contract/io-schemas';
import { DIMENSION_ROLES, MILESTONE_ROLES } from '../sync/mapping-guess';

/** Deal fields every export carries under a fixed Zoho API name. */
export const CORE_TARGETS = IMPORT_CORE_TARGETS;
/** Fields named differently in every org (milestones, territory, country, service line): the field-mapping roles. */
export const ROLE_TARGETS = [...MILESTONE_ROLES, ...DIMENSION_ROLES] as const;
/** `extra`: kept with the deal's record (as the CRM field it was), not used by the app; `ignore`: dropped. */
export const IMPORT_TARGETS = IMPORT_TARGET_NAMES;
// The contract's list and the one composed here must agree (a compile error otherwise).
type Composed = (typeof CORE_TARGETS)[number] | (typeof ROLE_TARGETS)[number] | 'extra' | 'ignore';
const sameTargets: [Composed, (typeof IMPORT_TARGETS)[number]] extends [(typeof IMPORT_TARGETS)[number], Composed]
  ? true
  : never = true;
void sameTargets;

export type CoreTarget = (typeof CORE_TARGETS)[number];
export type RoleTarget = (typeof ROLE_TARGETS)[number];
export type ImportTarget = (typeof IMPORT_TARGETS)[number];
/** Column header (as written in the file) → target. */
export type ColumnMapping = Record<string, ImportTarget>;

/** Without these an imported deal cannot be matched on re-import, named, placed or summed. */
export const REQUIRED_TARGETS: readonly CoreTarget[] = ['id', 'name', 'stage', 'amount', 'closingDate'];

/** The Zoho API name each core target is stored under, so imported records look like synced ones. */
export const CORE_API_NAME: Record<CoreTarget, string> = {
  id: 'id',
  name: 'Deal_Name',
  accountName: 'Account_Name',
  ownerName: 'Owner',
  ownerEmail: 'Owner',
  stage: 'Stage',
  probability: 'Probability',
  amount: 'Amount',
  currency: 'Currency',
  exchangeRate: 'Exchange_Rate',
  closingDate: 'Closing_Date',
  createdTime: 'Created_Time',
  modifiedTime: 'Modified_Time',
};

/** What each target is, for the mapping step's labels and for error messages. */
export const TARGET_LABEL: Record<ImportTarget, string> = {
  id: 'Record Id',
  name: 'Deal Name',
  accountName: 'Account Name',
  ownerName: 'Deal Owner',
  ownerEmail: 'Deal Owner e-mail',
  stage: 'Stage',
  probability: 'Probability (%)',
  amount: 'Amount',
  currency: 'Currency',
  exchangeRate: 'Exchange Rate',
  closingDate: 'Closing Date',
  createdTime: 'Created Time',
  modifiedTime: 'Modified Time',
  proposal: 'Milestone: proposal submitted',
  sow: 'Milestone: SOW',
  po: 'Milestone: PO received',
  kickoff: 'Milestone: kickoff',
  invoice: 'Milestone: invoice',
  payment: 'Milestone: payment received',
  revenue: 'Milestone: revenue recognized',
  territory: 'Territory',
  country: 'Country',
  serviceLine: 'Service line',
  extra: 'Keep with the deal',
  ignore: 'Ignore',
};

/** Lower case, letters and digits only: "Probability (%)" → "probability", "Record Id" → "recordid". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Zoho's export labels first, then the original tool's names (GUIDE of the original: "OCH Revenue" …). */
const ALIASES: Record<string, CoreTarget | 'country'> = {
  recordid: 'id',
  id: 'id',
  dealid: 'id',
  zcrmid: 'id',
  dealname: 'name',
  opportunityname: 'name',
  opportunity: 'name',
  accountname: 'accountName',
  account: 'accountName',
  dealowner: 'ownerName',
  owner: 'ownerName',
  opportunityowner: 'ownerName',
  accountmanager: 'ownerName',
  dealowneremail: 'ownerEmail',
  owneremail: 'ownerEmail',
  stage: 'stage',
  dealstage: 'stage',
  probability: 'probability',
  amount: 'amount',
  ochrevenue: 'amount',
  dealamount: 'amount',
  currency: 'currency',
  dealcurrency: 'currency',
  exchangerate: 'exchangeRate',
  closingdate: 'closingDate',
  closedate: 'closingDate',
  expectedclosingdate: 'closingDate',
  createdtime: 'createdTime',
  modifiedtime: 'modifiedTime',
  lastmodifiedtime: 'modifiedTime',
  country: 'country',
};

/** The target a header is known to mean, or null when the mapping step has to decide. */
export function knownTarget(header: string): CoreTarget | 'country' | null {
  return ALIASES[headerKey(header)] ?? null;
}

/**
 * The key a custom column is stored under in the deal's record: the header made into a Zoho-style
 * API name ("Kick-off Date" → "Kick_off_Date"), which is what Zoho itself derives from a label.
 */
export function apiNameFor(header: string): string {
  const name = header
    .trim()
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return name === '' || /^\d/.test(name) ? `Field_${name}` : name;
}

export function isRoleTarget(t: ImportTarget): t is RoleTarget {
  return (ROLE_TARGETS as readonly string[]).includes(t);
}
