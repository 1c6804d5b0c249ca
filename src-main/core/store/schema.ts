import type { Generated } from 'kysely';

/** Kysely's view of the tables (see migrations/ for the SQL that creates them). */
export interface DealsTable {
  id: string;
  name: string;
  account_id: string | null;
  account_name: string | null;
  owner_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  stage: string | null;
  probability: number | null;
  amount: number | null;
  currency: string | null;
  exchange_rate: number | null;
  amount_home: number | null;
  rate_source: string | null;
  closing_date: string | null;
  country: string | null;
  territory: string | null;
  service_line: string | null;
  created_time: string | null;
  modified_time: string | null;
  proposal_date: string | null;
  sow_date: string | null;
  po_date: string | null;
  kickoff_date: string | null;
  invoice_date: string | null;
  payment_date: string | null;
  revenue_date: string | null;
  synced_at: string;
  /** Full-sync generation that last saw this deal (002). */
  sync_gen: number | null;
  /** Rate used for amount_home: units of the deal currency per one home unit (002). */
  home_rate: number | null;
}

export interface KeyValueTable {
  key: string;
  value: string;
}

export interface SyncStateTable extends KeyValueTable {
  updated_at: string;
}

export interface MigrationLogTable {
  version: Generated<number>;
  name: string;
  applied_at: string;
}

/** One sync run (002-sync). */
export interface SyncRunsTable {
  id: Generated<number>;
  kind: string;
  trigger: string;
  status: string;
  started_at: string;
  ended_at: string | null;
  added: Generated<number>;
  changed: Generated<number>;
  removed: Generated<number>;
  pages: Generated<number>;
  api_calls: Generated<number>;
  retries: Generated<number>;
  rate_limited: Generated<number>;
  resumed: Generated<number>;
  error_code: string | null;
  error: string | null;
}

/** Checkpoint log: one row per committed page (002-sync). */
export interface SyncPagesTable {
  id: Generated<number>;
  run_id: number;
  gen: number;
  kind: string;
  part: number;
  after_id: string | null;
  last_id: string | null;
  rows: number;
  at: string;
}

export interface SyncLeaseTable {
  id: number;
  holder: string;
  pid: number;
  host: string;
  acquired_at: string;
  expires_at: number;
}

export interface DealFieldsTable {
  api_name: string;
  label: string;
  data_type: string;
  custom: number;
  read_only: number;
  json: string;
  updated_at: string;
}

export interface DealStagesTable {
  name: string;
  probability: number | null;
  forecast_type: string | null;
  sequence: number;
}

export interface FieldMappingTable {
  role: string;
  api_name: string | null;
  source: string;
  updated_at: string;
}

export interface CurrenciesTable {
  iso_code: string;
  name: string | null;
  exchange_rate: number;
  is_base: number;
  is_active: number;
  updated_at: string;
}

export interface CurrencyOverridesTable {
  iso_code: string;
  rate: number;
  updated_at: string;
}

/** Daily compact snapshot of each open deal (002-sync). */
export interface DealSnapshotsTable {
  day: string;
  deal_id: string;
  stage: string | null;
  amount: number | null;
  amount_home: number | null;
  probability: number | null;
  closing_date: string | null;
}

/** O2R settings, one JSON row (004-o2r). */
export interface O2rSettingsTable {
  id: number;
  json: string;
  updated_at: string;
}

/** The write-back outbox: one row per edited field; values are JSON text (004-o2r). */
export interface O2rEditsTable {
  id: Generated<number>;
  deal_id: string;
  field: string;
  api_name: string;
  milestone: number;
  base_value: string;
  base_modified_time: string | null;
  new_value: string;
  sent_value: string | null;
  status: 'pending' | 'sent' | 'failed' | 'conflict' | 'confirmed';
  retryable: Generated<number>;
  crm_value: string | null;
  crm_modified_time: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: Generated<number>;
  next_attempt_at: Generated<number>;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  confirmed_at: string | null;
}

export interface O2rBlockersTable {
  id: Generated<number>;
  deal_id: string;
  reason: string;
  opened_on: string;
  resolved_on: string | null;
  resolution: string | null;
  created_at: string;
}

export interface O2rCommentsTable {
  id: Generated<number>;
  deal_id: string;
  text: string;
  created_at: string;
}

export interface O2rFlagsTable {
  deal_id: string;
  strategic: number;
  last_local_edit: string | null;
}

export interface O2rReviewNotesTable {
  week: string;
  deal_id: string;
  note: string | null;
  reviewed_at: string | null;
  updated_at: string;
}

export interface O2rHealthHistoryTable {
  week: string;
  deal_id: string;
  health: string;
}

export interface O2rDealPrevTable {
  deal_id: string;
  stage: string | null;
  amount_home: number | null;
  probability: number | null;
  closing_date: string | null;
  synced_at: string;
}

export interface O2rAlertsTable {
  id: Generated<number>;
  deal_id: string;
  kind: string;
  message: string;
  before: string | null;
  after: string | null;
  detected_at: string;
}

export interface O2rPushLeaseTable {
  id: number;
  holder: string;
  pid: number;
  host: string;
  expires_at: number;
}

/** Each deal's record exactly as Zoho sent it (005 moved it out of `deals`, which is scanned often). */
export interface DealRawTable {
  id: string;
  raw: string;
}

/** The dashboard's sums per (stage, closing date, probability), kept by triggers on `deals` (007). */
export interface DealDashboardCellsTable {
  /** quote(stage) | quote(closing_date) | quote(probability): one key even when a part is NULL. */
  cell: string;
  stage: string | null;
  closing_date: string | null;
  probability: number | null;
  n: number;
  home: number;
  weighted: number;
  unconverted: number;
}

/** One accepted notification (or round-trip test) of the instant-updates receiver (006). */
export interface WebhookEventsTable {
  id: Generated<number>;
  received_at: string;
  operation: 'insert' | 'update' | 'delete' | 'test';
  /** JSON array of deal ids. */
  ids: string;
  id_count: number;
  /** A round-trip test's nonce. */
  note: string | null;
}

export interface DB {
  deals: DealsTable;
  deal_raw: DealRawTable;
  deal_dashboard_cells: DealDashboardCellsTable;
  sync_state: SyncStateTable;
  settings: KeyValueTable;
  migration_log: MigrationLogTable;
  sync_runs: SyncRunsTable;
  sync_pages: SyncPagesTable;
  sync_lease: SyncLeaseTable;
  deal_fields: DealFieldsTable;
  deal_stages: DealStagesTable;
  field_mapping: FieldMappingTable;
  currencies: CurrenciesTable;
  currency_overrides: CurrencyOverridesTable;
  deal_snapshots: DealSnapshotsTable;
  o2r_settings: O2rSettingsTable;
  o2r_edits: O2rEditsTable;
  o2r_blockers: O2rBlockersTable;
  o2r_comments: O2rCommentsTable;
  o2r_flags: O2rFlagsTable;
  o2r_review_notes: O2rReviewNotesTable;
  o2r_health_history: O2rHealthHistoryTable;
  o2r_deal_prev: O2rDealPrevTable;
  o2r_alerts: O2rAlertsTable;
  o2r_push_lease: O2rPushLeaseTable;
  webhook_events: WebhookEventsTable;
}
