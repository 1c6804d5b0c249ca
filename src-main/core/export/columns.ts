/**
 * The columns of the deal and opportunity exports, with the type of each (what the .xlsx cell
 * becomes) and a label for spreadsheet headers. CSV and JSON use the keys, .xlsx the labels.
 */
export type ColumnKind =
  'text' | 'integer' | 'percent' | 'money-deal' | 'money-home' | 'rate' | 'date' | 'datetime' | 'boolean';

export interface ExportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

const c = (key: string, label: string, kind: ColumnKind = 'text'): ExportColumn => ({ key, label, kind });

const MILESTONES: ExportColumn[] = [
  c('proposalDate', 'Proposal submitted', 'date'),
  c('sowDate', 'SOW', 'date'),
  c('poDate', 'PO received', 'date'),
  c('kickoffDate', 'Kickoff', 'date'),
  c('invoiceDate', 'Invoice', 'date'),
  c('paymentDate', 'Payment received', 'date'),
  c('revenueDate', 'Revenue recognized', 'date'),
];

/** `home` is the home currency code, for the labels of home amounts. */
export function dealColumns(home: string): ExportColumn[] {
  return [
    c('id', 'Record Id'),
    c('name', 'Deal Name'),
    c('accountName', 'Account Name'),
    c('ownerName', 'Deal Owner'),
    c('ownerEmail', 'Owner e-mail'),
    c('stage', 'Stage'),
    c('probability', 'Probability (%)', 'percent'),
    c('amount', 'Amount', 'money-deal'),
    c('currency', 'Currency'),
    c('amountHome', `Amount (${home})`, 'money-home'),
    c('homeRate', `Rate (per 1 ${home})`, 'rate'),
    c('rateSource', 'Rate source'),
    c('closingDate', 'Closing Date', 'date'),
    c('country', 'Country'),
    c('territory', 'Territory'),
    c('serviceLine', 'Service line'),
    ...MILESTONES,
    c('createdTime', 'Created Time', 'datetime'),
    c('modifiedTime', 'Modified Time', 'datetime'),
  ];
}

export function opportunityColumns(home: string): ExportColumn[] {
  return [
    c('id', 'Record Id'),
    c('name', 'Deal Name'),
    c('accountName', 'Account Name'),
    c('ownerName', 'Deal Owner'),
    c('stage', 'Stage'),
    c('probability', 'Probability (%)', 'percent'),
    c('amountHome', `Amount (${home})`, 'money-home'),
    c('closingDate', 'Closing Date', 'date'),
    c('territory', 'Territory'),
    c('country', 'Country'),
    c('serviceLines', 'Service lines'),
    c('phase', 'Phase', 'integer'),
    c('phaseLabel', 'Phase name'),
    c('health', 'Health'),
    c('healthReasons', 'Health reasons'),
    c('requiresAttention', 'Requires attention', 'boolean'),
    c('nextAction', 'Next action'),
    c('nextActionPriority', 'Next action priority'),
    c('daysSinceUpdate', 'Days since update', 'integer'),
    c('strategic', 'Strategic', 'boolean'),
    c('openBlockers', 'Open blockers', 'integer'),
    c('closedLost', 'Closed lost', 'boolean'),
    ...MILESTONES,
  ];
}

/** Money is rounded to cents in every export (the store keeps converted amounts unrounded). */
export function cents(v: unknown): unknown {
  return typeof v === 'number' ? Math.round(v * 100) / 100 : v;
}

export type ExportRow = Record<string, string | number | boolean | null>;
