import { z } from 'zod';
import { dashboardFilterSchema, dealId, isoDate } from './schemas';

/**
 * The pipeline screens' calls (docs/dashboard.md): the dashboard for a filter, the pipeline over
 * time, what moved between two days, one deal's history, the filter's choices and the remembered
 * filter. Every figure is in the home currency (`homeCurrency`), computed on the main side.
 */

export const kpisSchema = z.object({
  /** Open deals' amounts summed (home currency). */
  pipeline: z.number(),
  /** Σ amount × probability / 100 over open deals. */
  weighted: z.number(),
  openCount: z.int(),
  /** pipeline / open deals with a converted amount; null without any. */
  avgDealSize: z.number().nullable(),
  /** Mean probability of open deals that have one; null without any. */
  avgProbability: z.number().nullable(),
  /** Won deals whose closing date is in this quarter; null where a snapshot cannot tell (it keeps open deals only). */
  wonThisQuarter: z.number().nullable(),
  wonThisQuarterCount: z.int().nullable(),
  /** Open deals closing this calendar month. */
  closingThisMonth: z.number(),
  closingThisMonthCount: z.int(),
});
export type Kpis = z.infer<typeof kpisSchema>;

const slice = z.object({ key: z.string(), count: z.int(), amount: z.number(), weighted: z.number() });
export type Slice = z.infer<typeof slice>;

export const dashboardViewSchema = z.object({
  homeCurrency: z.string(),
  /** The user's day the presets were resolved on. */
  today: isoDate,
  /** Every cached deal, and how many pass the filter (open and closed). */
  totalDeals: z.int(),
  matching: z.int(),
  kpis: kpisSchema,
  /** The same figures from the snapshot nearest 7 days ago (null before there is one). */
  previous: z.object({ day: isoDate, kpis: kpisSchema }).nullable(),
  /** Open deals in a currency with no known rate: counted apart, in no sum. */
  unconvertedCount: z.int(),
  /** Deals (other filters applied) with no closing date / one that is not a real date; a date range leaves them out. */
  noClosingDate: z.int(),
  invalidClosingDate: z.int(),
  /** Whether the filter has a closing-date range (then the two counts above are outside it). */
  closingRangeApplied: z.boolean(),
  /** Open pipeline by stage in funnel order (the CRM's stage order, else probability). */
  byStage: z.array(slice),
  byCountry: z.array(slice),
  byOwner: z.array(slice),
  /** A deal with several service lines (a multi-select) counts in each: these bars may add up to more than the pipeline. */
  byServiceLine: z.array(slice),
  /** Open deals by closing month (YYYY-MM), in date order; no/invalid dates left out (counted above). */
  byMonth: z.array(slice),
  /** Country × probability band (bands of docs/dashboard.md#pivot), open deals. */
  pivot: z.array(z.object({ country: z.string(), bands: z.record(z.string(), slice), total: slice })),
  /** Per owner: open pipeline, weighted, won this quarter. */
  owners: z.array(
    z.object({
      owner: z.string(),
      openCount: z.int(),
      pipeline: z.number(),
      weighted: z.number(),
      wonThisQuarter: z.number(),
      wonThisQuarterCount: z.int(),
    }),
  ),
});
export type DashboardView = z.infer<typeof dashboardViewSchema>;

export const historyPointSchema = z.object({
  day: isoDate,
  openCount: z.int(),
  pipeline: z.number(),
  weighted: z.number(),
});

export const movedDealSchema = z.object({
  id: z.string(),
  name: z.string(),
  ownerName: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  /** Change in the open pipeline this deal made (home currency). */
  delta: z.number(),
});
export type MovedDeal = z.infer<typeof movedDealSchema>;

export const MOVED_BUCKETS = [
  'added',
  'won',
  'lost',
  'removed',
  'pushedOut',
  'pulledIn',
  'amountUp',
  'amountDown',
  'stageForward',
  'stageBackward',
] as const;
export type MovedBucket = (typeof MOVED_BUCKETS)[number];

/** How many deals a bucket lists (its largest changes); its count and total cover every deal in it. */
export const MOVED_LISTED = 50;

/**
 * One kind of change: how many deals and their net change (home currency), and the MOVED_LISTED
 * largest. Not every deal: in the first week after a first sync of 1,000,000 deals there is no
 * snapshot a week old, every open deal is "added", and a list of them was ~190 MB to build and send.
 */
export const movedBucketSchema = z.object({
  count: z.int(),
  total: z.number(),
  deals: z.array(movedDealSchema),
});
export type MovedBucketResult = z.infer<typeof movedBucketSchema>;

export const whatMovedArgs = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  filter: dashboardFilterSchema.default({}),
});

export const whatMovedSchema = z.object({
  homeCurrency: z.string(),
  /** The days compared: the snapshot on or before `from`, and `to` (today = the cache as it is now). */
  fromDay: isoDate.nullable(),
  toDay: isoDate,
  /** The first day with a snapshot, so the screen can say how far back it can look. */
  firstDay: isoDate.nullable(),
  startPipeline: z.number(),
  endPipeline: z.number(),
  buckets: z.record(z.enum(MOVED_BUCKETS), movedBucketSchema),
});
export type WhatMoved = z.infer<typeof whatMovedSchema>;

export const dealHistorySchema = z.object({
  points: z.array(
    z.object({
      day: isoDate,
      stage: z.string().nullable(),
      amount: z.number().nullable(),
      amountHome: z.number().nullable(),
      probability: z.number().nullable(),
      closingDate: z.string().nullable(),
    }),
  ),
  /** The deal in Zoho CRM (the connected data centre); null in the demo and imported workspaces. */
  crmUrl: z.string().nullable(),
});

export const filterOptionsSchema = z.object({
  owners: z.array(z.string()),
  countries: z.array(z.string()),
  territories: z.array(z.string()),
  stages: z.array(z.string()),
  serviceLines: z.array(z.string()),
  currencies: z.array(z.string()),
});
export type FilterOptions = z.infer<typeof filterOptionsSchema>;

const noArgs = z.strictObject({});
export const dashboardCallSchemas = {
  view: { args: dashboardFilterSchema, result: dashboardViewSchema },
  history: { args: dashboardFilterSchema, result: z.array(historyPointSchema) },
  moved: { args: whatMovedArgs, result: whatMovedSchema },
  dealHistory: { args: z.strictObject({ id: dealId }), result: dealHistorySchema },
  filterOptions: { args: noArgs, result: filterOptionsSchema },
  filterGet: { args: noArgs, result: dashboardFilterSchema },
  filterSet: { args: dashboardFilterSchema, result: dashboardFilterSchema },
} as const;
