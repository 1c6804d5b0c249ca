/** Types of the O2R detail and outbox, read from the contract (the renderer never restates them). */
import type { z } from 'zod';
import type {
  editSchema,
  opportunityDetailSchema,
  outboxGroupSchema,
} from '../../../../src-shared/contract/o2r-schemas';

export type OpportunityDetailData = z.infer<typeof opportunityDetailSchema>;
export type Edit = z.infer<typeof editSchema>;
export type EditField = Edit['field'];
export type OutboxGroup = z.infer<typeof outboxGroupSchema>;

/**
 * The edit that tells a field's write-back state: the queued one if any, else the latest
 * confirmed one (so "confirmed" shows after a push). Edits arrive queued first, newest confirmed next.
 */
export function editsByField(edits: readonly Edit[]): Map<EditField, Edit> {
  const out = new Map<EditField, Edit>();
  for (const e of edits) {
    const cur = out.get(e.field);
    if (!cur) out.set(e.field, e);
    else if (cur.status === 'confirmed' && e.status === 'confirmed' && e.id > cur.id) out.set(e.field, e);
  }
  return out;
}
