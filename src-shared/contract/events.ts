import type { z } from 'zod';
import { importProgressSchema } from './io-schemas';
import { noticeSchema, noticeTargetSchema } from './notice-schemas';
import { dataChangedSchema, syncProgressSchema, syncStatusSchema } from './schemas';
import { workspaceChangedSchema } from './workspace-schemas';

/** Every event main pushes to the renderer. Payloads are validated before they are sent. */
export const events = {
  'sync.progress': syncProgressSchema,
  'sync.status': syncStatusSchema,
  'data.changed': dataChangedSchema,
  /** Something about a sync the user should know (grouped, at most one per sync). */
  notice: noticeSchema,
  /** The desktop shell asks the window to show a screen (a notification was clicked). */
  'app.navigate': noticeTargetSchema,
  /** How far an import is (the wizard's progress bar). */
  'import.progress': importProgressSchema,
  /** The host switched workspaces (account, demo, an imported one): the renderer reloads. */
  'workspace.changed': workspaceChangedSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.infer<Events[K]>;
