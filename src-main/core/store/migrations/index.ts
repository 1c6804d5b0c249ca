import { m001Initial } from './001-initial';
import { m002Sync } from './002-sync';
import { m003Connection } from './003-connection';
import { m004O2r } from './004-o2r';
import { m005DealRaw } from './005-deal-raw';
import { m006WebhookEvents } from './006-webhook-events';
import { m007DashboardCells } from './007-dashboard-cells';
import { m008DealsSyncedAt } from './008-deals-synced-at';
import { m009SnapshotPending } from './009-snapshot-pending';
import type { Migration } from './types';

/** Every migration, in order. Append new ones; never edit or reorder a released one. */
export const migrations: readonly Migration[] = [
  m001Initial,
  m002Sync,
  m003Connection,
  m004O2r,
  m005DealRaw,
  m006WebhookEvents,
  m007DashboardCells,
  m008DealsSyncedAt,
  m009SnapshotPending,
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1].version;
