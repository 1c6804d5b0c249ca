import { z } from 'zod';
import { dealId } from './schemas';

/**
 * Notices: what the core tells the user about a sync without being asked (README "Notifications").
 * The desktop app shows them as OS notifications, every host as in-app notices. At most one notice
 * per sync: everything worth saying about that sync is grouped into its items.
 */
export const noticeKindSchema = z.enum(['sync_failed', 'reconnect_needed', 'health_worsened', 'edits_rejected']);
export type NoticeKind = z.infer<typeof noticeKindSchema>;

/** Where clicking a notice (or one of its items) leads: a screen, optionally filtered. */
export const noticeTargetSchema = z.object({
  screen: z.enum(['o2r', 'settings']),
  /** O2R: open this opportunity. */
  dealId: dealId.optional(),
  /** O2R: filter the list to this health. */
  health: z.enum(['RED', 'BLOCKED']).optional(),
  /** O2R: only opportunities whose edits Zoho refused or that hit a conflict. */
  writeBackProblems: z.boolean().optional(),
  /** Settings: scroll to this section. */
  section: z.enum(['connection', 'sync']).optional(),
});
export type NoticeTarget = z.infer<typeof noticeTargetSchema>;

export const noticeItemSchema = z.object({
  kind: noticeKindSchema,
  /** One line: "2 opportunities turned RED". */
  title: z.string(),
  /** Which ones or why: "Acme renewal, Beta rollout". */
  detail: z.string(),
  target: noticeTargetSchema,
});
export type NoticeItem = z.infer<typeof noticeItemSchema>;

export const noticeSchema = z.object({
  id: z.string(),
  at: z.string(),
  /** The OS notification's title and body; the body has one line per item. */
  title: z.string(),
  body: z.string(),
  /** The most urgent item's target: where clicking the OS notification leads. */
  target: noticeTargetSchema,
  items: z.array(noticeItemSchema).min(1),
  dismissed: z.boolean(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const noticeCallSchemas = {
  /** The recent notices (newest first, at most 10), dismissed ones included. */
  list: { args: z.strictObject({}), result: z.array(noticeSchema) },
  dismiss: { args: z.strictObject({ id: z.string().max(100) }), result: z.object({ dismissed: z.boolean() }) },
};
