import { z } from 'zod';
import {
  appInfoSchema,
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
  'deals.list': call(dealsListArgs, z.object({ total: z.int(), rows: z.array(dealRowSchema) })),
  'deals.get': call(z.strictObject({ id: dealId }), dealRowSchema.extend({ raw: z.record(z.string(), z.unknown()) }).nullable()),
  'dashboard.summary': call(noArgs, dashboardSummarySchema),
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
  'sync.run': call(z.strictObject({ kind: z.enum(['full', 'delta']) }), z.object({ started: z.boolean(), reason: z.string().optional() })),
  'sync.history': call(syncHistoryArgs, syncHistoryResult),
  /** The user confirms a pull the fail-safe refused (see sync.status.failsafe); it runs at once. */
  'sync.failsafe.confirm': call(noArgs, syncStartResult),
  'fields.mapping.get': call(noArgs, fieldMappingSchema),
  'fields.mapping.update': call(fieldMappingUpdateArgs, fieldMappingSchema),
  'currency.rates': call(noArgs, currencyRatesSchema),
  'currency.setOverride': call(setOverrideArgs, currencyRatesSchema),
  'currency.clearOverride': call(clearOverrideArgs, currencyRatesSchema),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What the caller passes (defaults may be omitted). */
export type CallArgs<K extends CallName> = z.input<Calls[K]['args']>;
/** What the handler receives (defaults filled in, validated). */
export type ParsedArgs<K extends CallName> = z.output<Calls[K]['args']>;
export type CallResult<K extends CallName> = z.infer<Calls[K]['result']>;
