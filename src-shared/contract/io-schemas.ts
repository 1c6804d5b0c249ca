import { z } from 'zod';
import { MILESTONE_ROLE_NAMES, o2rListArgs } from './o2r-schemas';
import { dashboardFilterSchema, dealRowSchema, isoDate } from './schemas';
import { workspaceModeSchema } from './workspace-schemas';

/**
 * Import (Zoho CSV exports in), export (CSV, .xlsx, the weekly review as PDF) and workspaces.
 * docs/import-export.md describes the behaviour; src-main/core/import and core/export implement it.
 */

/** Deal fields under a fixed Zoho API name (core/import/columns.ts explains each). */
export const IMPORT_CORE_TARGETS = [
  'id',
  'name',
  'accountName',
  'ownerName',
  'ownerEmail',
  'stage',
  'probability',
  'amount',
  'currency',
  'exchangeRate',
  'closingDate',
  'createdTime',
  'modifiedTime',
] as const;
/** Where a column of an export can go: a core field, a field-mapping role, kept, or ignored. */
export const IMPORT_TARGET_NAMES = [
  ...IMPORT_CORE_TARGETS,
  ...MILESTONE_ROLE_NAMES,
  'territory',
  'country',
  'serviceLine',
  'extra',
  'ignore',
] as const;
export const importTargetSchema = z.enum(IMPORT_TARGET_NAMES);
export const dateOrderSchema = z.enum(['dmy', 'mdy']);

/** Files are sent in chunks (the browser host's socket takes frames up to 1 MB). */
export const IMPORT_CHUNK_BYTES = 512 * 1024;
/** The largest file the app accepts (Zoho's largest exports are well below). */
export const IMPORT_MAX_BYTES = 128 * 1024 * 1024;

const uploadId = z.string().regex(/^[a-f0-9]{32}$/, 'expected an upload id');
const workspaceName = z.string().trim().min(1, 'name the workspace').max(80);

export const importBeginArgs = z.strictObject({
  fileName: z.string().min(1).max(255),
  size: z
    .int()
    .min(0)
    .max(IMPORT_MAX_BYTES, `files up to ${IMPORT_MAX_BYTES / 1024 / 1024} MB`),
});
export const importChunkArgs = z.strictObject({
  uploadId,
  offset: z.int().min(0),
  /** Base64 of at most IMPORT_CHUNK_BYTES bytes. */
  data: z
    .string()
    .max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
});

const mappingSchema = z.record(z.string().max(500), importTargetSchema);

export const importAnalyzeResult = z.object({
  fileName: z.string(),
  size: z.int(),
  encoding: z.string(),
  delimiter: z.string(),
  headers: z.array(z.string()),
  mapping: mappingSchema,
  detectedDateOrder: dateOrderSchema.nullable(),
  /** The first rows as written in the file. */
  samples: z.array(z.array(z.string())),
  targets: z.array(z.object({ id: importTargetSchema, label: z.string(), required: z.boolean() })),
  /** Existing imported workspaces (a newer export of the same org goes into its workspace). */
  workspaces: z.array(z.string()),
  suggestedWorkspace: z.string(),
});

export const importSettingsArgs = z.strictObject({
  uploadId,
  mapping: mappingSchema,
  dateOrder: dateOrderSchema,
  workspace: workspaceName,
});

export const rowProblemSchema = z.object({ line: z.int(), column: z.string().nullable(), reason: z.string() });
export const importDiffSchema = z.object({
  added: z.int(),
  changed: z.int(),
  unchanged: z.int(),
  removed: z.int(),
  before: z.int(),
});

export const importCheckResult = z.object({
  rows: z.int(),
  badRows: z.int(),
  /** The first problems in line order (all are counted in badRows). */
  problems: z.array(rowProblemSchema),
  /** The first rows as they will be read (the deal list's fields, amounts in the deal's currency). */
  preview: z.array(
    dealRowSchema
      .pick({
        id: true,
        name: true,
        accountName: true,
        ownerName: true,
        stage: true,
        probability: true,
        amount: true,
        currency: true,
        closingDate: true,
      })
      .extend({ line: z.int() }),
  ),
  /** Null when the file has bad rows (nothing would be imported). */
  diff: importDiffSchema.nullable(),
  /** More removals than the fail-safe threshold: import.run needs confirmRemovals. */
  removalsNeedConfirm: z.boolean(),
  warnings: z.array(z.string()),
});

export const importRunArgs = importSettingsArgs.extend({ confirmRemovals: z.boolean().default(false) });
export const importRunResult = z.object({
  workspace: z.object({ id: z.string(), name: z.string() }),
  added: z.int(),
  changed: z.int(),
  unchanged: z.int(),
  removed: z.int(),
  total: z.int(),
  durationMs: z.int(),
});

export const importProgressSchema = z.object({
  uploadId: z.string(),
  phase: z.enum(['checking', 'writing', 'done']),
  /** 0–1 within the phase. */
  share: z.number().min(0).max(1),
});

export const workspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: workspaceModeSchema,
  lastImport: z
    .object({ at: z.string(), file: z.string(), total: z.int(), added: z.int(), changed: z.int(), removed: z.int() })
    .nullable(),
});
export const workspaceListResult = z.object({ current: z.string(), workspaces: z.array(workspaceSchema) });

/** Deals: the dashboard's filters plus the Deals screen's search. */
export const dealExportFilter = dashboardFilterSchema.extend({
  search: z.string().max(200).optional(),
});
/** Opportunities: the O2R list's filters (its paging and sort do not apply to a file). */
export const opportunityExportFilter = o2rListArgs.omit({ limit: true, offset: true, sort: true, descending: true });

export const exportCreateArgs = z.discriminatedUnion('what', [
  z.strictObject({
    what: z.literal('deals'),
    format: z.enum(['csv', 'xlsx', 'json']),
    filter: dealExportFilter.default({}),
  }),
  z.strictObject({
    what: z.literal('opportunities'),
    format: z.enum(['csv', 'xlsx', 'json']),
    filter: opportunityExportFilter.default({ includeClosedLost: true }),
  }),
  z.strictObject({ what: z.literal('review'), format: z.literal('pdf'), week: isoDate.optional() }),
]);
export const exportCreateResult = z.discriminatedUnion('delivery', [
  /** The browser host: the renderer hands the bytes to the browser as a download. */
  z.object({
    delivery: z.literal('download'),
    fileName: z.string(),
    mime: z.string(),
    data: z.string(),
    rows: z.int(),
  }),
  /** The desktop app: saved where the user chose in the save dialog. */
  z.object({ delivery: z.literal('saved'), fileName: z.string(), path: z.string(), rows: z.int() }),
  z.object({ delivery: z.literal('cancelled') }),
]);
