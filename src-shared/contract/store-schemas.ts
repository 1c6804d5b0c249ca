import { z } from 'zod';

/**
 * Values of the `store.*` calls: the data file's health, its backups, and restoring the local
 * data into a fresh file after damage (docs/data-folder.md).
 */

/** A backup's file name, as listed by store.status: restore takes one of these, never a path. */
export const backupName = z
  .string()
  .regex(/^pulse-local-[0-9TZ-]+-[a-z0-9-]+\.sqlite$/, 'expected a backup name from store.status');

export const backupInfoSchema = z.object({
  name: z.string(),
  at: z.string(),
  reason: z.string(),
  bytes: z.int(),
});

export const localCountsSchema = z.object({
  blockers: z.int(),
  comments: z.int(),
  reviewNotes: z.int(),
  queuedEdits: z.int(),
  strategic: z.int(),
});

export const storeStatusSchema = z.object({
  dataDir: z.string(),
  file: z.string(),
  /** This user may only read the data folder. */
  readOnly: z.boolean(),
  /** Set when the data file could not be opened because it is damaged (the app runs in recovery). */
  damaged: z.object({ reason: z.string(), message: z.string() }).nullable(),
  /** Newest first. */
  backups: z.array(backupInfoSchema),
  lastBackupError: z.string().nullable(),
});
export type StoreStatus = z.infer<typeof storeStatusSchema>;

export const storeRestoreArgs = z.strictObject({
  /** Roll back to this backup on purpose; without it, only a damaged file is restored (newest good backup). */
  backup: backupName.optional(),
});

export const restoreResultSchema = z.object({
  backup: backupInfoSchema.nullable(),
  salvaged: z.array(z.string()),
  keptDamagedAt: z.string().nullable(),
  counts: localCountsSchema,
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;
