/**
 * Name-based guesses for the field mapping (docs/o2r.md#milestones): orgs keep milestone dates in custom Deal
 * fields whose API names differ, e.g. `Proposal_Submission_date`, `PO_Generation_Date`,
 * `Kick_off_Date`, `OB_Recognition_Date`; territory in `Region` (or `Country`), service line in
 * `Solution_Type`. A guess is only a default: the user can change every role in Settings.
 */
export const MILESTONE_ROLES = ['proposal', 'sow', 'po', 'kickoff', 'invoice', 'payment', 'revenue'] as const;
export const DIMENSION_ROLES = ['territory', 'country', 'serviceLine'] as const;
export const MAPPING_ROLES = [...MILESTONE_ROLES, ...DIMENSION_ROLES] as const;
export type MilestoneRole = (typeof MILESTONE_ROLES)[number];
export type MappingRole = (typeof MAPPING_ROLES)[number];
export type FieldMapping = Record<MappingRole, string | null>;

export interface FieldInfo {
  apiName: string;
  label: string;
  dataType: string;
  custom: boolean;
}

const DATE_TYPES = new Set(['date', 'datetime']);
const DIMENSION_TYPES = new Set(['picklist', 'multiselectpicklist', 'text', 'lookup']);

/** Which data types a role accepts (the Settings screen offers only those). */
export function acceptsType(role: MappingRole, dataType: string): boolean {
  return (MILESTONE_ROLES as readonly string[]).includes(role)
    ? DATE_TYPES.has(dataType)
    : DIMENSION_TYPES.has(dataType);
}

/** Patterns per role, strongest first; matched against "api name words + label", lower case. */
const PATTERNS: Record<MappingRole, RegExp[]> = {
  proposal: [/\bproposal (submission|submitted|sent)\b/, /\bproposal\b/, /\bquote (sent|date)\b/],
  sow: [/\bsow\b/, /\bstatement of work\b/],
  po: [/\bpo (generation|received|date|issued)\b/, /\bpo\b/, /\bpurchase order\b/],
  kickoff: [/\bkick ?off\b/, /\bproject start\b/],
  invoice: [/\binvoice(d)? date\b/, /\binvoic/],
  payment: [/\bpayment (received|date)\b/, /\bpayment\b/, /\bpaid\b/, /\bcollection\b/],
  revenue: [/\brevenue (recogni[sz]ed|recognition|date)\b/, /\brecogni[szt]/, /\brevenue date\b/],
  territory: [/\bterritory\b/, /\bregion\b/],
  country: [/\bcountry\b/],
  serviceLine: [/\bservice line\b/, /\bsolution type\b/, /\bsolution\b/, /\bpractice\b/, /\bproduct line\b/],
};

function words(f: FieldInfo): string {
  const api = f.apiName.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ');
  return `${api} | ${f.label.replace(/[_-]+/g, ' ')}`.toLowerCase();
}

/**
 * The best field per role, or null. A field serves one role at most (the strongest match wins,
 * roles in MAPPING_ROLES order break ties), and standard fields like Closing_Date never match a
 * milestone because none of the patterns names them.
 */
export function guessMapping(fields: readonly FieldInfo[]): FieldMapping {
  const taken = new Set<string>();
  const out = Object.fromEntries(MAPPING_ROLES.map((r) => [r, null])) as FieldMapping;
  // Score every (role, field) pair, then assign greedily from the strongest.
  const pairs: { role: MappingRole; field: string; score: number; order: number }[] = [];
  MAPPING_ROLES.forEach((role, order) => {
    for (const f of fields) {
      if (!acceptsType(role, f.dataType)) continue;
      const text = words(f);
      const idx = PATTERNS[role].findIndex((re) => re.test(text));
      if (idx < 0) continue;
      pairs.push({ role, field: f.apiName, score: (PATTERNS[role].length - idx) * 10 + (f.custom ? 1 : 0), order });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.order - b.order);
  for (const p of pairs) {
    if (out[p.role] !== null || taken.has(p.field)) continue;
    out[p.role] = p.field;
    taken.add(p.field);
  }
  // docs/o2r.md#milestones: territory may live in Country when no Region/Territory field exists.
  if (out.territory === null && out.country !== null) out.territory = out.country;
  return out;
}
