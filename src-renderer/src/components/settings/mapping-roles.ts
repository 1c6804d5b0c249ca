import type { MappingRoleName } from '../../../../src-shared/contract/sync-schemas';

/** How each mapping role is named and explained in Settings → Field mapping. */
export interface RoleInfo {
  role: MappingRoleName;
  label: string;
  hint: string;
}

export const MILESTONE_ROLE_INFO: RoleInfo[] = [
  { role: 'proposal', label: 'Proposal submitted', hint: 'Phase 2 starts; RED after 30 days with no PO' },
  { role: 'sow', label: 'SOW signed (optional)', hint: 'Shown on the milestone timeline' },
  { role: 'po', label: 'PO received', hint: 'Phase 3 starts' },
  { role: 'kickoff', label: 'Project kick-off', hint: 'YELLOW when missing 14 days after the PO' },
  { role: 'invoice', label: 'Invoice raised', hint: 'Phase 4 starts' },
  { role: 'payment', label: 'Payment received', hint: 'RED when missing 45 days after the invoice' },
  { role: 'revenue', label: 'Revenue recognized', hint: 'Closes the opportunity' },
];

export const DIMENSION_ROLE_INFO: RoleInfo[] = [
  { role: 'territory', label: 'Territory', hint: 'A region picklist, e.g. Region' },
  { role: 'country', label: 'Country', hint: 'Dashboard breakdown by country' },
  { role: 'serviceLine', label: 'Service line', hint: 'Often a multi-select, e.g. Solution_Type' },
];

/** Field types shown first for a role (others the org allows follow). */
const PREFERRED: Record<'milestone' | 'dimension' | 'serviceLine', string[]> = {
  milestone: ['date', 'datetime'],
  dimension: ['picklist', 'text', 'lookup', 'multiselectpicklist'],
  serviceLine: ['multiselectpicklist', 'picklist', 'text', 'lookup'],
};

export function typeRank(role: MappingRoleName, dataType: string): number {
  const list =
    role === 'serviceLine'
      ? PREFERRED.serviceLine
      : role === 'territory' || role === 'country'
        ? PREFERRED.dimension
        : PREFERRED.milestone;
  const i = list.indexOf(dataType);
  return i === -1 ? list.length : i;
}

const TYPE_LABEL: Record<string, string> = {
  date: 'date',
  datetime: 'date & time',
  picklist: 'picklist',
  multiselectpicklist: 'multi-select',
  text: 'text',
  lookup: 'lookup',
};

export const typeLabel = (dataType: string) => TYPE_LABEL[dataType] ?? dataType;
