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
  raw: string;
  synced_at: string;
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

export interface DB {
  deals: DealsTable;
  sync_state: SyncStateTable;
  settings: KeyValueTable;
  migration_log: MigrationLogTable;
}
