import type { z } from 'zod';
import { dataChangedSchema, syncProgressSchema, syncStatusSchema } from './schemas';

/** Every event main pushes to the renderer. Payloads are validated before they are sent. */
export const events = {
  'sync.progress': syncProgressSchema,
  'sync.status': syncStatusSchema,
  'data.changed': dataChangedSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.infer<Events[K]>;
