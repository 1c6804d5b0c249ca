import { z } from 'zod';

/**
 * Instant updates (README "Instant updates"): Zoho's notification channel for Deals, the
 * receiver that hears it, and which way of staying fresh is in use. Never carries the token.
 */
export const webhookStateSchema = z.enum(['off', 'healthy', 'failing', 'expired']);
export type WebhookState = z.infer<typeof webhookStateSchema>;

const testResultSchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  /** One sentence: what went through, or where it stopped. */
  message: z.string(),
});

export const webhookStatusSchema = z.object({
  enabled: z.boolean(),
  state: webhookStateSchema,
  /** What keeps the data fresh now: Zoho's notifications, or the periodic delta sync. */
  mode: z.enum(['instant', 'periodic']),
  /** One sentence for Settings and the status bar's tooltip. */
  summary: z.string(),
  /** Whether this process hosts the receiver (the app and `pulse web` do; other commands do not). */
  hostsReceiver: z.boolean(),
  listening: z.boolean(),
  listen: z.object({ host: z.string(), port: z.int() }).nullable(),
  publicUrl: z.string().nullable(),
  channelId: z.string().nullable(),
  events: z.array(z.string()),
  expiresAt: z.string().nullable(),
  renewAt: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  eventsToday: z.int(),
  lastError: z.string().nullable(),
  lastTest: testResultSchema.nullable(),
  /** Requests the receiver refused since it started (bad token, unknown channel, …). */
  refused: z.object({
    count: z.int(),
    last: z.object({ at: z.string(), status: z.int(), reason: z.string() }).nullable(),
  }),
  recent: z.array(
    z.object({
      at: z.string(),
      operation: z.enum(['insert', 'update', 'delete', 'test']),
      count: z.int(),
      ids: z.array(z.string()),
    }),
  ),
});
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;

const listenHost = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^(localhost|[0-9.]+|\[?[0-9a-fA-F:]+\]?)$/, 'an IP address such as 127.0.0.1, or localhost');

export const webhookSetupArgs = z.strictObject({
  /** Where Zoho posts: the user's reverse proxy or tunnel, forwarding to the receiver. */
  publicUrl: z
    .string()
    .trim()
    .max(500)
    .refine((u) => /^https?:\/\/[^\s/?#]+/i.test(u) && URL.canParse(u), 'a full http(s):// URL'),
  listenHost: listenHost.default('127.0.0.1'),
  listenPort: z.int().min(1).max(65535).default(8787),
});
export type WebhookSetupArgs = z.input<typeof webhookSetupArgs>;

export const webhookCallSchemas = {
  status: { args: z.strictObject({}), result: webhookStatusSchema },
  setup: { args: webhookSetupArgs, result: webhookStatusSchema },
  test: { args: z.strictObject({}), result: testResultSchema },
  disable: { args: z.strictObject({}), result: webhookStatusSchema },
};
