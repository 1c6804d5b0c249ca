import { z } from 'zod';
import {
  appInfoSchema,
  dashboardFilterSchema,
  dashboardSummarySchema,
  dealId,
  dealRowSchema,
  dealsListArgs,
  settingsPatchSchema,
  settingsSchema,
  syncStatusSchema,
} from './schemas';
import {
  connectionStatusSchema,
  connectionTestResultSchema,
  connectWithGrantCodeArgs,
  connectWithRefreshTokenArgs,
  disconnectResultSchema,
  regionsResultSchema,
  startBrowserSignInArgs,
  startBrowserSignInResult,
} from './connection-schemas';
import {
  clearOverrideArgs,
  currencyRatesSchema,
  fieldMappingSchema,
  fieldMappingUpdateArgs,
  setOverrideArgs,
  syncHistoryArgs,
  syncHistoryResult,
  syncStartResult,
} from './sync-schemas';
import { noticeCallSchemas as notices } from './notice-schemas';
import { healthSchema, o2rCallSchemas as o2r } from './o2r-schemas';
import { workspaceCallSchemas as workspace } from './workspace-schemas';
import { dashboardCallSchemas as dash } from './dashboard-schemas';
import {
  exportCreateArgs,
  exportCreateResult,
  importAnalyzeResult,
  importBeginArgs,
  importCheckResult,
  importChunkArgs,
  importRunArgs,
  importRunResult,
  importSettingsArgs,
  workspaceListResult,
} from './io-schemas';
import { restoreResultSchema, storeRestoreArgs, storeStatusSchema } from './store-schemas';
import { webhookCallSchemas as webhook } from './webhook-schemas';

/**
 * Every request/response call the renderer can make. This object is the contract: main
 * validates arguments with `args` before any handler runs, handlers are typed from it, and the
 * renderer's client is typed from it. Add a call here first, then its handler in
 * src-main/core/api/handlers/, then use it in the renderer.
 */
const call = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({ args, result });
const noArgs = z.strictObject({});

export const calls = {
  'app.info': call(noArgs, appInfoSchema),
  'settings.get': call(noArgs, settingsSchema),
  'settings.update': call(settingsPatchSchema.strict(), settingsSchema),
  /** A window of the Deals table; each row with its O2R opportunity's health (null: none). */
  'deals.list': call(
    dealsListArgs,
    z.object({
      total: z.int(),
      rows: z.array(dealRowSchema.extend({ health: healthSchema.nullable().default(null) })),
    }),
  ),
  'deals.get': call(
    z.strictObject({ id: dealId }),
    dealRowSchema
      .extend({ raw: z.record(z.string(), z.unknown()), health: healthSchema.nullable().default(null) })
      .nullable(),
  ),
  'dashboard.summary': call(dashboardFilterSchema, dashboardSummarySchema),
  /** KPIs (with their change since 7 days ago), breakdowns, pivot and per-owner figures for the shared filter. */
  'dashboard.view': call(dash.view.args, dash.view.result),
  /** Open pipeline per day from the daily snapshots, for the shared filter. */
  'dashboard.history': call(dash.history.args, dash.history.result),
  /** What changed between two days, from local snapshots (no API call). */
  'deals.moved': call(dash.moved.args, dash.moved.result),
  /** One deal's snapshots over time and its link in Zoho CRM. */
  'deals.history': call(dash.dealHistory.args, dash.dealHistory.result),
  /** The values the filter's choices offer (owners, countries, stages in funnel order, …). */
  'deals.filterOptions': call(dash.filterOptions.args, dash.filterOptions.result),
  /** The shared filter remembered in this workspace's profile. */
  'filters.get': call(dash.filterGet.args, dash.filterGet.result),
  'filters.set': call(dash.filterSet.args, dash.filterSet.result),
  'sync.status': call(noArgs, syncStatusSchema),
  'connection.status': call(noArgs, connectionStatusSchema),
  'connection.regions': call(noArgs, regionsResultSchema),
  /** Returns the authorize URL (Electron also opens it); the outcome arrives as data.changed 'connection'. */
  'connection.startBrowserSignIn': call(startBrowserSignInArgs, startBrowserSignInResult),
  'connection.cancelBrowserSignIn': call(noArgs, connectionStatusSchema),
  'connection.connectWithGrantCode': call(connectWithGrantCodeArgs, connectionStatusSchema),
  'connection.connectWithRefreshToken': call(connectWithRefreshTokenArgs, connectionStatusSchema),
  'connection.test': call(noArgs, connectionTestResultSchema),
  'connection.disconnect': call(noArgs, disconnectResultSchema),
  'sync.run': call(z.strictObject({ kind: z.enum(['full', 'delta']) }), syncStartResult),
  'sync.history': call(syncHistoryArgs, syncHistoryResult),
  /** The user confirms a pull the fail-safe refused (see sync.status.failsafe); it runs at once. */
  'sync.failsafe.confirm': call(noArgs, syncStartResult),
  /** "Keep my data": the refused pull stays refused and scheduled syncs stop asking until the removals change. */
  'sync.failsafe.keep': call(noArgs, syncStatusSchema),
  /** Pause or resume background sync (the tray menu); "Sync now" still works while paused. */
  'sync.setPaused': call(z.strictObject({ paused: z.boolean() }), syncStatusSchema),
  'notices.list': call(notices.list.args, notices.list.result),
  'notices.dismiss': call(notices.dismiss.args, notices.dismiss.result),
  'webhook.status': call(webhook.status.args, webhook.status.result),
  /** Sets up instant updates: a channel at Zoho to the public URL, the receiver on the listen address. */
  'webhook.setup': call(webhook.setup.args, webhook.setup.result),
  /** Sends a sample notification to the public URL and says whether it reached the receiver. */
  'webhook.test': call(webhook.test.args, webhook.test.result),
  'webhook.disable': call(webhook.disable.args, webhook.disable.result),
  'workspace.status': call(workspace.status.args, workspace.status.result),
  'workspace.open': call(workspace.open.args, workspace.open.result),
  'workspace.resetDemo': call(workspace.resetDemo.args, workspace.resetDemo.result),
  'fields.mapping.get': call(noArgs, fieldMappingSchema),
  'fields.mapping.update': call(fieldMappingUpdateArgs, fieldMappingSchema),
  'currency.rates': call(noArgs, currencyRatesSchema),
  'currency.setOverride': call(setOverrideArgs, currencyRatesSchema),
  'currency.clearOverride': call(clearOverrideArgs, currencyRatesSchema),
  'o2r.list': call(o2r.list.args, o2r.list.result),
  /** The phase board: four columns of the largest matching opportunities, with counts and totals. */
  'o2r.board': call(o2r.board.args, o2r.board.result),
  'o2r.get': call(o2r.get.args, o2r.get.result),
  /** Milestone dates, stage, probability or closing date; written locally at once, pushed to Zoho. */
  'o2r.edit': call(o2r.edit.args, o2r.edit.result),
  'o2r.editMilestones': call(o2r.editMilestones.args, o2r.editMilestones.result),
  'o2r.syncToCrm': call(o2r.syncToCrm.args, o2r.syncToCrm.result),
  'o2r.syncMilestonesToCrm': call(o2r.syncMilestonesToCrm.args, o2r.syncMilestonesToCrm.result),
  'o2r.syncBatchToCrm': call(o2r.syncBatchToCrm.args, o2r.syncBatchToCrm.result),
  'o2r.syncStatus': call(o2r.syncStatus.args, o2r.syncStatus.result),
  'o2r.edits': call(o2r.edits.args, o2r.edits.result),
  'o2r.outbox': call(o2r.outbox.args, o2r.outbox.result),
  'o2r.stages': call(o2r.stages.args, o2r.stages.result),
  'o2r.resolveConflict': call(o2r.resolveConflict.args, o2r.resolveConflict.result),
  'o2r.discardEdit': call(o2r.discardEdit.args, o2r.discardEdit.result),
  'o2r.blockers.add': call(o2r.blockersAdd.args, o2r.blockersAdd.result),
  'o2r.blockers.resolve': call(o2r.blockersResolve.args, o2r.blockersResolve.result),
  'o2r.comment': call(o2r.comment.args, o2r.comment.result),
  'o2r.setStrategic': call(o2r.setStrategic.args, o2r.setStrategic.result),
  'o2r.review.get': call(o2r.reviewGet.args, o2r.reviewGet.result),
  'o2r.review.setNote': call(o2r.reviewSetNote.args, o2r.reviewSetNote.result),
  'o2r.review.markReviewed': call(o2r.reviewMarkReviewed.args, o2r.reviewMarkReviewed.result),
  'o2r.alerts': call(o2r.alerts.args, o2r.alerts.result),
  'o2r.settings.get': call(o2r.settingsGet.args, o2r.settingsGet.result),
  'o2r.settings.update': call(o2r.settingsUpdate.args, o2r.settingsUpdate.result),
  'o2r.settings.reset': call(o2r.settingsReset.args, o2r.settingsReset.result),
  /** The workspaces of this profile (the account, the demo, imported files) and the open one; open one with workspace.open. */
  'workspace.list': call(noArgs, workspaceListResult),
  /** A CSV export arrives in chunks (the renderer reads the file the user picked; main never takes a path). */
  'import.begin': call(importBeginArgs, z.object({ uploadId: z.string() })),
  'import.chunk': call(importChunkArgs, z.object({ received: z.int() })),
  'import.analyze': call(z.strictObject({ uploadId: z.string().max(64) }), importAnalyzeResult),
  /** Reads every row with the mapping: problems by line, a preview and what would change; writes nothing. */
  'import.check': call(importSettingsArgs, importCheckResult),
  /** Imports all or nothing into the named workspace (created when new); progress as import.progress. */
  'import.run': call(importRunArgs, importRunResult),
  'import.cancel': call(z.strictObject({ uploadId: z.string().max(64) }), z.object({ cancelled: z.boolean() })),
  /** A file of the deals, opportunities (current filters) or the weekly review; saved or downloaded. */
  'export.create': call(exportCreateArgs, exportCreateResult),
  /** The data file's health and backups; answers even when the file is damaged. */
  'store.status': call(noArgs, storeStatusSchema),
  /** Rebuilds a damaged data file from the newest good backup (plus what it can still read); then a full sync. */
  'store.restore': call(storeRestoreArgs, restoreResultSchema),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What the caller passes (defaults may be omitted). */
export type CallArgs<K extends CallName> = z.input<Calls[K]['args']>;
/** What the handler receives (defaults filled in, validated). */
export type ParsedArgs<K extends CallName> = z.output<Calls[K]['args']>;
export type CallResult<K extends CallName> = z.infer<Calls[K]['result']>;
