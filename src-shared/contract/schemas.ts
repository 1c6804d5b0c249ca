import { z } from 'zod';
import { CLOSING_PRESETS } from '../filters/deal-filter';

/**
 * Runtime schemas for the values that cross the API boundary. Types are derived from them
 * (z.infer) so the compile-time contract and the runtime check can never drift apart.
 */

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-03-31')
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    },
    { message: 'not a real calendar date' },
  );

/**
 * The dates a user may give a deal (milestones, closing date): 0000-01-01 or 9999-12-31 are real
 * calendar dates but no deal's, and Zoho would store them. Filters may still use any date.
 */
export const EDITABLE_DATE_MIN = '1990-01-01';
export const EDITABLE_DATE_MAX = '2099-12-31';
export const editableDate = isoDate.refine((s) => s >= EDITABLE_DATE_MIN && s <= EDITABLE_DATE_MAX, {
  message: `expected a date from ${EDITABLE_DATE_MIN} to ${EDITABLE_DATE_MAX}`,
});

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter ISO currency code like SGD');
export const dealId = z.string().regex(/^\d{1,30}$/, 'expected a Zoho record id (digits)');

export const themeSchema = z.enum(['light', 'dark', 'system']);

export const settingsSchema = z.strictObject({
  homeCurrency: currencyCode,
  theme: themeSchema,
  /** Minutes between automatic delta syncs. */
  deltaIntervalMinutes: z
    .int()
    .min(1)
    .max(24 * 60),
  /** Self-imposed cap on Zoho API calls a minute (the original tool used 100). */
  apiCallsPerMinute: z.int().min(1).max(1000),
  /** Sync fail-safe: a pull that would remove more than this share of the cached deals asks first. */
  failsafeDeletePercent: z.int().min(1).max(100),
  /** A full sync of more deals than this uses Zoho's Bulk Read instead of COQL pages; 0 never does. */
  bulkReadMinDeals: z.int().min(0).max(100_000_000),
  /** Notices (OS notifications in the desktop app, in-app everywhere), per kind. */
  notifySyncFailed: z.boolean(),
  notifyReconnectNeeded: z.boolean(),
  notifyHealthWorsened: z.boolean(),
  notifyEditsRejected: z.boolean(),
  /** Desktop app: start (in the tray) when the user logs in. Off by default. */
  startAtLogin: z.boolean(),
  /** The O2R screen shows its table or its phase board: the last one chosen. */
  o2rView: z.enum(['table', 'board']),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  homeCurrency: 'SGD',
  theme: 'system',
  deltaIntervalMinutes: 15,
  apiCallsPerMinute: 100,
  failsafeDeletePercent: 50,
  bulkReadMinDeals: 150_000,
  notifySyncFailed: true,
  notifyReconnectNeeded: true,
  notifyHealthWorsened: true,
  notifyEditsRejected: true,
  startAtLogin: false,
  o2rView: 'table',
};

export const settingsPatchSchema = settingsSchema.partial();

/** The deal fields every row the renderer lists carries (deals and O2R opportunities alike). */
export const dealCoreFields = {
  id: z.string(),
  name: z.string(),
  accountName: z.string().nullable(),
  ownerName: z.string().nullable(),
  stage: z.string().nullable(),
  probability: z.number().nullable(),
  amountHome: z.number().nullable(),
  closingDate: z.string().nullable(),
  country: z.string().nullable(),
};

export const dealRowSchema = z.object({
  ...dealCoreFields,
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  modifiedTime: z.string().nullable(),
  territory: z.string().nullable().default(null),
  serviceLine: z.string().nullable().default(null),
});
export type DealRow = z.infer<typeof dealRowSchema>;

export const connectionStateSchema = z.enum(['demo', 'connected', 'disconnected', 'reconnect_needed']);

export const syncStatusSchema = z.object({
  connection: connectionStateSchema,
  inProgress: z.boolean(),
  lastSyncAt: z.string().nullable(),
  lastSyncKind: z.string().nullable(),
  lastError: z.string().nullable(),
  nextSyncAt: z.string().nullable(),
  dealCount: z.int(),
  /** When the last run that ended well ended (lastSyncAt is the last run, even a failed one). */
  lastSuccessAt: z.string().nullable().default(null),
  /**
   * The scheduler: idle, running, offline (waiting for the network), reconnect_needed, stopped, or
   * paused (background sync paused by the user; "Sync now" still works).
   */
  scheduler: z.enum(['stopped', 'idle', 'running', 'offline', 'reconnect_needed', 'paused']).default('stopped'),
  /** Live progress of the running sync. */
  progress: z
    .lazy(() => syncProgressSchema)
    .nullable()
    .default(null),
  /** A pull the fail-safe refused, waiting for sync.failsafe.confirm. */
  failsafe: z
    .object({
      kind: z.enum(['full', 'delta']),
      removals: z.int(),
      localCount: z.int(),
      thresholdPercent: z.int(),
      at: z.string(),
      /** The user chose "keep my data" for this question; it is not asked again until the removals change. */
      kept: z.boolean().default(false),
    })
    .nullable()
    .default(null),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web', 'cli', 'test']),
  dataDir: z.string(),
  demo: z.boolean(),
  schemaVersion: z.int(),
  /** The open workspace: the Zoho account's, the demo, or an imported file (see workspace.list). */
  workspace: z.object({ id: z.string(), name: z.string(), kind: z.enum(['account', 'demo', 'import']) }),
  /** Whether this host can open another workspace (the app hosts can; the CLI picks one per command). */
  canSwitchWorkspace: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const syncProgressSchema = z.object({
  runId: z.int(),
  kind: z.string(),
  phase: z.string(),
  pages: z.int(),
  records: z.int(),
  totalEstimate: z.int().nullable(),
  etaMs: z.int().nullable(),
  done: z.boolean(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

export const dataChangedSchema = z.object({
  /** What changed, so a screen refreshes only when it shows that data. */
  topics: z.array(
    z.enum(['deals', 'settings', 'sync', 'o2r', 'connection', 'notices', 'workspaces', 'store', 'webhook']),
  ),
  reason: z.string(),
});
export type DataChanged = z.infer<typeof dataChangedSchema>;

/**
 * The shared deal filter of the Dashboard, Deals and What moved (docs/dashboard.md#filters). A closing
 * preset other than "custom" wins over closingFrom/To and is resolved on the user's day by main, so a
 * remembered "this month" still means this month next month.
 */
export const dashboardFilterSchema = z.strictObject({
  closing: z.enum(CLOSING_PRESETS).optional(),
  closingFrom: isoDate.optional(),
  closingTo: isoDate.optional(),
  probabilityMin: z.number().min(0).max(100).optional(),
  probabilityMax: z.number().min(0).max(100).optional(),
  owner: z.string().max(200).optional(),
  country: z.string().max(200).optional(),
  territory: z.string().max(200).optional(),
  stage: z.string().max(200).optional(),
  serviceLine: z.string().max(200).optional(),
  currency: z.string().max(10).optional(),
  /** Name, account or owner containing the text. */
  search: z.string().max(200).optional(),
  /** Only open deals (what every dashboard chart counts; a drill-down sets it). */
  openOnly: z.boolean().optional(),
});
export type DashboardFilter = z.infer<typeof dashboardFilterSchema>;

export const dealSortSchema = z.enum([
  'closingDate',
  'amountHome',
  'amount',
  'name',
  'accountName',
  'ownerName',
  'stage',
  'country',
  'modifiedTime',
  'probability',
  /** The O2R health of the deal's opportunity, worst first when ascending. */
  'health',
]);

/** A window of the Deals table: the shared filter, a sort, and the rows from offset (the table is virtual). */
export const dealsListArgs = z.strictObject({
  search: z.string().max(200).optional(),
  stage: z.string().max(200).optional(),
  filter: dashboardFilterSchema.optional(),
  limit: z.int().min(1).max(500).default(100),
  offset: z.int().min(0).default(0),
  sort: dealSortSchema.default('closingDate'),
  descending: z.boolean().default(false),
});

export const dashboardSummarySchema = z.object({
  homeCurrency: z.string(),
  dealCount: z.int(),
  openCount: z.int(),
  /** Sum of open deals' amounts in the home currency. */
  pipelineHome: z.number(),
  /** Sum of amount × probability over open deals, in the home currency. */
  weightedHome: z.number(),
  /** Open deals whose currency could not be converted (not counted in the sums). */
  unconvertedCount: z.int(),
  byStage: z.array(z.object({ stage: z.string(), count: z.int(), amountHome: z.number() })),
});
export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;
