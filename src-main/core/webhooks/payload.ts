import { z } from 'zod';

/**
 * The body Zoho POSTs to a channel's notify_url (docs/zoho-notifications.md#the-callback): `server_time`
 * in ms, the module, the deal ids and the operation, the channel's id and the token we registered.
 * `affected_fields` / `affected_values` may come along; the app fetches the records itself, so they
 * are accepted and not relied on. `pulse_test` marks the app's own round-trip test sample.
 */
const dealIdText = z.union([z.string().regex(/^\d{1,19}$/), z.number().int().nonnegative()]).transform(String);

export const notificationSchema = z.looseObject({
  server_time: z.number().int().positive(),
  module: z.string().max(100),
  operation: z.enum(['insert', 'update', 'delete']),
  ids: z.array(dealIdText).max(1000),
  channel_id: z.union([z.string().regex(/^\d{1,19}$/), z.number().int().positive()]).transform(String),
  token: z.string().max(50).nullable().optional(),
  resource_uri: z.string().max(2000).optional(),
  query_params: z.record(z.string(), z.unknown()).optional(),
  affected_fields: z.array(z.unknown()).optional(),
  affected_values: z.array(z.unknown()).optional(),
  pulse_test: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});

export type Notification = z.infer<typeof notificationSchema>;

/** What the receiver hands on once a notification passed every check. */
export interface AcceptedEvent {
  at: Date;
  operation: Notification['operation'] | 'test';
  ids: string[];
  /** The round-trip test's nonce, for a sample the app sent itself. */
  nonce: string | null;
}

const jobIdText = z.union([z.string().regex(/^\d{1,19}$/), z.number().int().positive()]).transform(String);

/**
 * What Zoho POSTs to a Bulk Read job's callback URL once the job completed or failed: the job's
 * id and state (and its result, not relied on: the job is read again through the API). It carries
 * no token, so the receiver recognises it by the secret key in the URL's query instead
 * (docs/zoho-notifications.md#bulk-read-job-callbacks).
 */
export const bulkJobCallbackSchema = z
  .looseObject({ job_id: jobIdText.optional(), id: jobIdText.optional(), state: z.string().max(40) })
  .refine((b) => (b.job_id ?? b.id) !== undefined, 'no job id')
  .transform((b) => ({ jobId: (b.job_id ?? b.id)!, state: b.state }));

/** The query parameter that carries a Bulk Read callback URL's key. */
export const BULK_KEY_PARAM = 'pulse_bulk';
