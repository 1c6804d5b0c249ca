import { z } from 'zod';
import { currencyCode } from './schemas';

/**
 * Values of the sync, field-mapping and currency calls (issue 5). Kept apart from schemas.ts so
 * the sync contract reads in one place.
 */

export const syncRunSchema = z.object({
  id: z.int(),
  kind: z.string(),
  trigger: z.string(),
  status: z.enum(['running', 'ok', 'failed', 'refused', 'cancelled', 'interrupted']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  added: z.int(),
  changed: z.int(),
  removed: z.int(),
  pages: z.int(),
  apiCalls: z.int(),
  retries: z.int(),
  rateLimited: z.int(),
  resumed: z.boolean(),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
});
export type SyncRunInfo = z.infer<typeof syncRunSchema>;

export const syncHistoryArgs = z.strictObject({ limit: z.int().min(1).max(500).default(20) });
export const syncHistoryResult = z.object({ runs: z.array(syncRunSchema) });

/** Whether a requested run started, and why not. */
export const syncStartResult = z.object({ started: z.boolean(), reason: z.string().optional() });

export const mappingRoleSchema = z.enum([
  'proposal',
  'sow',
  'po',
  'kickoff',
  'invoice',
  'payment',
  'revenue',
  'territory',
  'country',
  'serviceLine',
]);
export type MappingRoleName = z.infer<typeof mappingRoleSchema>;
const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'expected a Zoho field API name like Kick_off_Date');

export const fieldMappingSchema = z.object({
  roles: z.array(
    z.object({
      role: mappingRoleSchema,
      apiName: z.string().nullable(),
      /** 'guess' (from the field names, follows metadata changes) or 'user' (kept as set). */
      source: z.enum(['guess', 'user']),
      label: z.string().nullable(),
    }),
  ),
  /** Fields each role may use (dates for milestones; picklists/text/lookups for dimensions). */
  candidates: z.array(
    z.object({ apiName: z.string(), label: z.string(), dataType: z.string(), roles: z.array(mappingRoleSchema) }),
  ),
  discoveredAt: z.string().nullable(),
});
export type FieldMappingInfo = z.infer<typeof fieldMappingSchema>;

export const fieldMappingUpdateArgs = z.strictObject({
  /** Role → field API name, or null to leave the role unmapped. */
  mapping: z.partialRecord(mappingRoleSchema, apiName.nullable()).default({}),
  /** Roles to hand back to the name-based guess. */
  reset: z.array(mappingRoleSchema).default([]),
});

export const currencyRatesSchema = z.object({
  homeCurrency: z.string(),
  baseCurrency: z.string().nullable(),
  refreshedAt: z.string().nullable(),
  currencies: z.array(
    z.object({
      isoCode: z.string(),
      name: z.string().nullable(),
      /** Units per one org base unit (Zoho's rate). */
      orgRate: z.number().nullable(),
      /** User override: units per one home-currency unit. */
      override: z.number().nullable(),
      /** What a deal without its own rate would use: units per one home unit. */
      effectiveRate: z.number().nullable(),
      source: z.enum(['home', 'override', 'deal', 'org', 'unknown']),
      dealCount: z.int(),
    }),
  ),
  /** Cached deals whose amount could not be converted (flagged, never counted as home currency). */
  unknownDeals: z.int(),
});
export type CurrencyRates = z.infer<typeof currencyRatesSchema>;

/**
 * Units of a currency per one home-currency unit. The range spans every real pair (1 LBP is
 * ~0.000003 KWD; 1 KWD is ~300,000 LBP) with room to spare; beyond it a "rate" turns amounts into
 * Infinity or dust (5e-324 made every home amount Infinity and broke the dashboard).
 */
export const OVERRIDE_RATE_MIN = 1e-9;
export const OVERRIDE_RATE_MAX = 1e9;
const overrideRate = z
  .number()
  .min(OVERRIDE_RATE_MIN, 'expected a rate of at least 0.000000001 (units of this currency per 1 home-currency unit)')
  .max(OVERRIDE_RATE_MAX, 'expected a rate of at most 1,000,000,000 (units of this currency per 1 home-currency unit)');
export const setOverrideArgs = z.strictObject({ isoCode: currencyCode, rate: overrideRate });
export const clearOverrideArgs = z.strictObject({ isoCode: currencyCode });
