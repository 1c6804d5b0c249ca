import { z } from 'zod';
import { dealCoreFields, dealId, editableDate, isoDate } from './schemas';

/**
 * Values of the O2R calls (issue 6): opportunities, milestone edits and their write-back status,
 * blockers, comments, the weekly review, data-quality alerts and the O2R settings. Kept apart
 * from schemas.ts so the O2R contract reads in one place.
 */

export const MILESTONE_ROLE_NAMES = ['proposal', 'sow', 'po', 'kickoff', 'invoice', 'payment', 'revenue'] as const;
export const milestoneRoleSchema = z.enum(MILESTONE_ROLE_NAMES);
export const healthSchema = z.enum(['BLOCKED', 'RED', 'YELLOW', 'NEEDS_UPDATE', 'GREEN']);
export const phaseSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export const editStatusSchema = z.enum(['pending', 'sent', 'failed', 'conflict', 'confirmed']);
/** A deal's write-back state: 'synced' when nothing is queued, else its worst queued edit's status. */
export const syncStateSchema = z.enum(['synced', 'pending', 'sent', 'failed', 'conflict']);
export const editFieldSchema = z.enum([...MILESTONE_ROLE_NAMES, 'stage', 'probability', 'closingDate']);

const milestoneDate = editableDate.nullable();

/** What an edit may change. Dates must be real calendar dates; null clears a milestone. */
export const milestoneChangesSchema = z.strictObject({
  proposal: milestoneDate.optional(),
  sow: milestoneDate.optional(),
  po: milestoneDate.optional(),
  kickoff: milestoneDate.optional(),
  invoice: milestoneDate.optional(),
  payment: milestoneDate.optional(),
  revenue: milestoneDate.optional(),
});
export const editChangesSchema = milestoneChangesSchema.extend({
  stage: z.string().trim().min(1).max(200).optional(),
  probability: z.int().min(0).max(100).optional(),
  /** Zoho requires a closing date, so it can be changed but not cleared. */
  closingDate: editableDate.optional(),
});
const atLeastOne = (v: object) => Object.values(v).some((x) => x !== undefined);
const distinct = (xs: readonly unknown[]) => new Set(xs).size === xs.length;

export const actionItemSchema = z.object({
  kind: z.string(),
  text: z.string(),
  priority: z.enum(['high', 'medium', 'low']),
  source: z.enum(['milestone', 'health']),
  role: milestoneRoleSchema.nullable(),
});

export const milestoneSchema = z.object({
  role: milestoneRoleSchema,
  label: z.string(),
  date: z.string().nullable(),
  status: z.enum(['done', 'pending', 'overdue', 'blocked']),
  ownerRole: z.enum(['sales', 'delivery', 'finance']),
  optional: z.boolean(),
  dueDate: z.string().nullable(),
});

/** One row of the O2R list. */
export const opportunitySummarySchema = z.object({
  ...dealCoreFields,
  territory: z.string().nullable(),
  serviceLines: z.array(z.string()),
  phase: phaseSchema,
  phaseLabel: z.string(),
  health: healthSchema,
  healthReasons: z.array(z.string()),
  requiresAttention: z.boolean(),
  closedLost: z.boolean(),
  nextAction: actionItemSchema.nullable(),
  daysSinceUpdate: z.int().nullable(),
  strategic: z.boolean(),
  openBlockers: z.int(),
  milestones: z.record(milestoneRoleSchema, z.string().nullable()),
  syncState: syncStateSchema,
});
export type OpportunitySummary = z.infer<typeof opportunitySummarySchema>;

export const opportunitySchema = opportunitySummarySchema.extend({
  modifiedTime: z.string().nullable(),
  lastLocalEdit: z.string().nullable().optional(),
  phaseSource: z.enum(['milestones', 'stage']),
  phaseRule: z.string(),
  milestones: z.array(milestoneSchema),
  nextMilestone: milestoneRoleSchema.nullable(),
  healthFindings: z.array(z.object({ rule: z.string(), level: healthSchema, reason: z.string() })),
  actionItems: z.array(actionItemSchema),
});

export const editSchema = z.object({
  id: z.int(),
  dealId: z.string(),
  field: editFieldSchema,
  apiName: z.string(),
  milestone: z.boolean(),
  baseValue: z.union([z.string(), z.number()]).nullable(),
  newValue: z.union([z.string(), z.number()]).nullable(),
  status: editStatusSchema,
  crmValue: z.union([z.string(), z.number()]).nullable(),
  crmModifiedTime: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** A failure that is retried by itself (Zoho unreachable, 429, 5xx); false when Zoho refused the value. */
  retryable: z.boolean(),
  attempts: z.int(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
});

export const blockerSchema = z.object({
  id: z.int(),
  dealId: z.string(),
  reason: z.string(),
  openedOn: z.string(),
  resolvedOn: z.string().nullable(),
  resolution: z.string().nullable(),
});
export const commentSchema = z.object({ id: z.int(), dealId: z.string(), text: z.string(), createdAt: z.string() });

export const alertSchema = z.object({
  id: z.int(),
  dealId: z.string(),
  dealName: z.string().nullable(),
  kind: z.enum(['amount_changed', 'probability_dropped', 'closing_date_pushed', 'stage_backwards']),
  message: z.string(),
  before: z.union([z.string(), z.number()]).nullable(),
  after: z.union([z.string(), z.number()]).nullable(),
  detectedAt: z.string(),
});

/** One stage of the org's Deal pipeline, in pipeline order (the stage picklist, the stage → phase table). */
export const stageSchema = z.object({
  name: z.string(),
  probability: z.number().nullable(),
  forecastType: z.string().nullable(),
});

export const opportunityDetailSchema = z.object({
  opportunity: opportunitySchema,
  /**
   * Each editable field's Zoho API name; null when the org maps no field to it (Settings → Field
   * mapping), so the app says so before anything is queued.
   */
  fields: z.record(editFieldSchema, z.string().nullable()),
  blockers: z.array(blockerSchema),
  comments: z.array(commentSchema),
  /** Queued edits and the latest confirmed ones. */
  edits: z.array(editSchema),
  alerts: z.array(alertSchema),
});

export const o2rListArgs = z.strictObject({
  phase: phaseSchema.optional(),
  health: z.array(healthSchema).min(1).optional(),
  requiresAttention: z.boolean().optional(),
  strategic: z.boolean().optional(),
  syncState: z.array(syncStateSchema).min(1).optional(),
  /** Matches name, account or owner, case-insensitive. */
  search: z.string().max(200).optional(),
  includeClosedLost: z.boolean().default(true),
  sort: z.enum(['health', 'closingDate', 'amountHome', 'name', 'daysSinceUpdate']).default('health'),
  descending: z.boolean().default(false),
  limit: z.int().min(1).max(1000).default(100),
  offset: z.int().min(0).default(0),
});
/**
 * Counts over every opportunity the list covers (closed lost only with includeClosedLost), whatever
 * the other filters: the O2R screen's summary strip, in the same call as its page.
 */
export const o2rOverviewSchema = z.object({
  total: z.int(),
  byHealth: z.record(healthSchema, z.int()),
  attention: z.int(),
  byPhase: z.object({ 1: z.int(), 2: z.int(), 3: z.int(), 4: z.int() }),
});
export type O2ROverview = z.infer<typeof o2rOverviewSchema>;

export const o2rListResult = z.object({
  today: z.string(),
  total: z.int(),
  /** Counts over the filtered set, before paging. */
  byHealth: z.record(healthSchema, z.int()),
  overview: o2rOverviewSchema,
  rows: z.array(opportunitySummarySchema),
});

/**
 * The phase board (issue 13): the list's filters, and per phase column only its largest
 * opportunities by home amount (`limit`, or `limits[phase]` after "show more"), so the renderer
 * never holds every row; the column's count and total amount cover all of it.
 */
export const o2rBoardArgs = o2rListArgs
  .pick({
    phase: true,
    health: true,
    requiresAttention: true,
    strategic: true,
    syncState: true,
    search: true,
    includeClosedLost: true,
  })
  .extend({
    limit: z.int().min(1).max(500).default(20),
    limits: z
      .strictObject({
        1: z.int().min(1).max(500).optional(),
        2: z.int().min(1).max(500).optional(),
        3: z.int().min(1).max(500).optional(),
        4: z.int().min(1).max(500).optional(),
      })
      .optional(),
  });
/** A card: the list row plus the next milestone to reach (label and when it is expected). */
export const boardCardSchema = opportunitySummarySchema.extend({
  nextMilestone: z.object({ label: z.string(), dueDate: z.string().nullable(), overdue: z.boolean() }).nullable(),
});
export type BoardCard = z.infer<typeof boardCardSchema>;
export const boardColumnSchema = z.object({
  phase: phaseSchema,
  /** Opportunities in this phase that match the filters. */
  count: z.int(),
  /** Their home amounts added up (deals without an amount count as nothing). */
  amountHome: z.number(),
  /** The largest first (home amount), at most the column's limit. */
  cards: z.array(boardCardSchema),
});
export type BoardColumn = z.infer<typeof boardColumnSchema>;
export const o2rBoardResult = z.object({ today: z.string(), columns: z.array(boardColumnSchema) });

export const o2rEditArgs = z.strictObject({
  id: dealId,
  changes: editChangesSchema.refine(atLeastOne, { message: 'nothing to change' }),
  /** Push to Zoho right away when online (default). */
  push: z.boolean().default(true),
});
export const o2rEditMilestonesArgs = z.strictObject({
  id: dealId,
  milestones: milestoneChangesSchema.refine(atLeastOne, { message: 'nothing to change' }),
  push: z.boolean().default(true),
});
export const o2rEditResult = z.object({ opportunity: opportunitySummarySchema, edits: z.array(editSchema) });

export const pushReportSchema = z.object({
  considered: z.int(),
  confirmed: z.int(),
  failed: z.int(),
  conflicts: z.int(),
  puts: z.int(),
  offline: z.boolean(),
  busy: z.boolean(),
  message: z.string().nullable(),
});

export const outboxSummarySchema = z.object({
  online: z.boolean(),
  pushing: z.boolean(),
  pending: z.int(),
  sent: z.int(),
  failed: z.int(),
  conflict: z.int(),
  queued: z.int(),
  confirmedLast24h: z.int(),
  oldestQueuedAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastPushAt: z.string().nullable(),
  lastPushMessage: z.string().nullable(),
});

export const o2rEditsArgs = z.strictObject({
  id: dealId.optional(),
  status: z.array(editStatusSchema).min(1).optional(),
  limit: z.int().min(1).max(5000).default(200),
});

const weekArg = isoDate.optional().describe('any day of the week (default: this week)');

export const reviewRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  phase: phaseSchema,
  territory: z.string().nullable(),
  health: healthSchema,
  previousHealth: healthSchema.nullable(),
  movement: z.enum(['new', 'improved', 'deteriorated', 'stable']),
  updatedThisWeek: z.boolean(),
  lastUpdate: z.string().nullable(),
  daysSinceUpdate: z.int().nullable(),
  note: z.string().nullable(),
  reviewed: z.boolean(),
  closedLost: z.boolean(),
});

const breakdownSchema = z.object({
  total: z.int(),
  updated: z.int(),
  shareUpdated: z.number().nullable(),
  requiresAttention: z.int(),
  health: z.record(healthSchema, z.int()),
  healthScore: z.number().nullable(),
});

export const weeklyReviewSchema = z.object({
  week: z.object({ start: z.string(), end: z.string() }),
  total: z.int(),
  rows: z.array(reviewRowSchema),
  insights: z.object({
    overall: breakdownSchema,
    byPhase: z.record(z.string(), breakdownSchema),
    byTerritory: z.record(z.string(), breakdownSchema),
    byServiceLine: z.record(z.string(), breakdownSchema),
    movement: z.record(z.enum(['new', 'improved', 'deteriorated', 'stable']), z.int()),
    reviewed: z.int(),
    closedLost: z.int(),
  }),
});

/**
 * One page of the week's opportunities, filtered and sorted on the main side (the insights cover
 * every opportunity whatever the filter). `ids`: only these rows, in the order given — a screen
 * refreshing the page it shows, so rows do not jump away while someone works on them.
 */
export const o2rReviewGetArgs = z.strictObject({
  week: weekArg,
  show: z.enum(['all', 'open', 'notUpdated', 'deteriorated', 'attention', 'notReviewed', 'closedLost']).default('all'),
  search: z.string().max(200).optional(),
  sort: z.enum(['movement', 'health', 'name', 'daysSinceUpdate']).default('movement'),
  descending: z.boolean().default(false),
  ids: z.array(z.string().max(40)).max(500).optional(),
  limit: z.int().min(1).max(5000).default(500),
  offset: z.int().min(0).default(0),
});

/** Threshold values with messages a person can act on (shown next to the field in Settings → O2R). */
const days = () =>
  z
    .int({ error: 'enter a whole number of days' })
    .min(0, 'cannot be negative')
    .max(3650, 'at most 3650 days (ten years)');
const percentage = () =>
  z.int({ error: 'enter a whole percentage' }).min(0, 'cannot be negative').max(100, 'at most 100 %');
const thresholdsPatch = z.strictObject({
  proposalToPoDays: days().optional(),
  invoiceToPaymentDays: days().optional(),
  poToKickoffDays: days().optional(),
  kickoffToInvoiceDays: days().optional(),
  highProbabilityNoPo: percentage().optional(),
  lowProbabilityWithKickoff: percentage().optional(),
  staleDays: days().optional(),
});
const qualityPatch = z.strictObject({
  amountChangePct: z
    .number({ error: 'enter a percentage' })
    .min(0, 'cannot be negative')
    .max(10_000, 'at most 10,000 %')
    .optional(),
  probabilityDropPoints: z
    .int({ error: 'enter a whole number of points' })
    .min(0, 'cannot be negative')
    .max(100, 'at most 100 points')
    .optional(),
  closingDatePushDays: days().optional(),
});

export const o2rSettingsSchema = z.object({
  thresholds: z.object({
    proposalToPoDays: z.int(),
    invoiceToPaymentDays: z.int(),
    poToKickoffDays: z.int(),
    kickoffToInvoiceDays: z.int(),
    highProbabilityNoPo: z.int(),
    lowProbabilityWithKickoff: z.int(),
    staleDays: z.int(),
  }),
  quality: z.object({ amountChangePct: z.number(), probabilityDropPoints: z.int(), closingDatePushDays: z.int() }),
  stagePhases: z.record(z.string(), phaseSchema),
  probabilityPhases: z.object({ phase2From: z.int(), phase3From: z.int(), phase4From: z.int() }),
  closedLostStages: z.array(z.string()),
  trackedRoles: z.array(milestoneRoleSchema),
  optionalRoles: z.array(milestoneRoleSchema),
});

export const o2rSettingsPatchSchema = z.strictObject({
  thresholds: thresholdsPatch.optional(),
  quality: qualityPatch.optional(),
  stagePhases: z.record(z.string().min(1).max(200), phaseSchema).optional(),
  probabilityPhases: z
    .strictObject({
      phase2From: z.int().min(0).max(100).optional(),
      phase3From: z.int().min(0).max(100).optional(),
      phase4From: z.int().min(0).max(100).optional(),
    })
    .optional(),
  closedLostStages: z.array(z.string().min(1).max(200)).max(100).optional(),
  trackedRoles: z
    .array(milestoneRoleSchema)
    .min(1, 'track at least one milestone')
    .refine(distinct, 'each milestone once')
    .optional(),
  optionalRoles: z.array(milestoneRoleSchema).refine(distinct, 'each milestone once').optional(),
});

/** One opportunity's queued edits, for the outbox and conflicts screens. */
export const outboxGroupSchema = z.object({
  dealId: z.string(),
  name: z.string().nullable(),
  accountName: z.string().nullable(),
  edits: z.array(editSchema),
});

/** The O2R calls, spread into `calls` (calls.ts). */
export const o2rCallSchemas = {
  list: { args: o2rListArgs, result: o2rListResult },
  board: { args: o2rBoardArgs, result: o2rBoardResult },
  get: { args: z.strictObject({ id: dealId }), result: opportunityDetailSchema.nullable() },
  edit: { args: o2rEditArgs, result: o2rEditResult },
  editMilestones: { args: o2rEditMilestonesArgs, result: o2rEditResult },
  syncToCrm: { args: z.strictObject({ id: dealId }), result: pushReportSchema },
  syncMilestonesToCrm: { args: z.strictObject({ id: dealId }), result: pushReportSchema },
  /** No ids: everything queued. */
  syncBatchToCrm: {
    args: z.strictObject({ ids: z.array(dealId).min(1).max(100_000).optional() }),
    result: pushReportSchema,
  },
  syncStatus: { args: z.strictObject({}), result: outboxSummarySchema },
  edits: { args: o2rEditsArgs, result: z.array(editSchema) },
  /** Every pending, sent, failed and conflicting edit, grouped by deal (worst first). */
  outbox: {
    args: z.strictObject({
      status: z
        .array(editStatusSchema.exclude(['confirmed']))
        .min(1)
        .optional(),
    }),
    result: z.array(outboxGroupSchema),
  },
  stages: { args: z.strictObject({}), result: z.array(stageSchema) },
  resolveConflict: {
    args: z.strictObject({ editId: z.int().min(1), choice: z.enum(['keep_mine', 'take_crm']) }),
    result: editSchema.nullable(),
  },
  discardEdit: { args: z.strictObject({ editId: z.int().min(1) }), result: z.object({ discarded: z.boolean() }) },
  blockersAdd: {
    args: z.strictObject({ id: dealId, reason: z.string().trim().min(1).max(2000), openedOn: isoDate.optional() }),
    result: blockerSchema,
  },
  blockersResolve: {
    args: z.strictObject({
      blockerId: z.int().min(1),
      resolvedOn: isoDate.optional(),
      resolution: z.string().max(2000).optional(),
    }),
    result: blockerSchema,
  },
  comment: { args: z.strictObject({ id: dealId, text: z.string().trim().min(1).max(10_000) }), result: commentSchema },
  setStrategic: {
    args: z.strictObject({ id: dealId, strategic: z.boolean() }),
    result: z.object({ id: z.string(), strategic: z.boolean() }),
  },
  reviewGet: { args: o2rReviewGetArgs, result: weeklyReviewSchema },
  reviewSetNote: {
    args: z.strictObject({ id: dealId, week: weekArg, note: z.string().max(10_000).nullable() }),
    result: z.object({ week: z.string() }),
  },
  reviewMarkReviewed: {
    args: z.strictObject({ id: dealId, week: weekArg, reviewed: z.boolean().default(true) }),
    result: z.object({ week: z.string() }),
  },
  alerts: {
    args: z.strictObject({
      id: dealId.optional(),
      sinceDays: z.int().min(1).max(3650).default(30),
      limit: z.int().min(1).max(5000).default(500),
    }),
    result: z.array(alertSchema),
  },
  settingsGet: { args: z.strictObject({}), result: o2rSettingsSchema },
  settingsUpdate: { args: o2rSettingsPatchSchema, result: o2rSettingsSchema },
  /** Forgets every O2R setting the user changed: the defaults of docs/o2r.md apply again. */
  settingsReset: { args: z.strictObject({}), result: o2rSettingsSchema },
} as const;
