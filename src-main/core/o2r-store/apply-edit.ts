/**
 * Milestone / stage / probability / closing-date edits. Everything an edit changes is written in
 * ONE SQLite transaction: the outbox rows, the local deal row (so every screen shows the new value
 * at once) and the deal's "last local edit" time. Values are checked first; a bad value throws a
 * ValidationError and nothing is written.
 */
import type { Database } from 'better-sqlite3';
import { ValidationError } from '../../../src-shared/contract/errors';
import { EDITABLE_DATE_MAX, EDITABLE_DATE_MIN } from '../../../src-shared/contract/schemas';
import { toDay } from '../o2r/index';
import { NotFoundError } from './errors';
import { DEAL_COLUMN, EDIT_FIELDS, isMilestone, normalizeValue, type EditField, type FieldValue } from './fields';
import type { OutboxRepo } from './outbox-repo';

export type EditChanges = Partial<Record<EditField, FieldValue>>;

/** Checks every value; collects all problems so the caller can show each next to its input. */
export function validateChanges(
  sqlite: Database,
  changes: EditChanges,
  apiNames: Record<EditField, string | null>,
): void {
  const fields: Record<string, string> = {};
  const keys = Object.keys(changes);
  if (keys.length === 0) fields['(arguments)'] = 'nothing to change';
  for (const key of keys) {
    if (!(EDIT_FIELDS as readonly string[]).includes(key)) {
      fields[key] = 'not an editable field';
      continue;
    }
    const field = key as EditField;
    const v = changes[field];
    if (isMilestone(field) || field === 'closingDate') {
      if (v === null && field === 'closingDate')
        fields[field] = 'the closing date cannot be cleared (Zoho requires it)';
      else if (v !== null && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(toDay(v)))) {
        fields[field] = `expected a real date like 2026-03-31, got ${JSON.stringify(v)}`;
      } else if (v !== null && (v < EDITABLE_DATE_MIN || v > EDITABLE_DATE_MAX)) {
        fields[field] = `expected a date from ${EDITABLE_DATE_MIN} to ${EDITABLE_DATE_MAX}, got ${v}`;
      }
    } else if (field === 'probability') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100)
        fields[field] = 'expected a whole number from 0 to 100';
    } else if (field === 'stage') {
      if (typeof v !== 'string' || !v.trim()) fields[field] = 'expected a stage name';
      else {
        const known = sqlite.prepare('SELECT name FROM deal_stages').pluck().all() as string[];
        if (known.length > 0 && !known.includes(v)) fields[field] = `unknown stage "${v}" (known: ${known.join(', ')})`;
      }
    }
    if (!fields[field] && !apiNames[field])
      fields[field] = 'this org has no Zoho field mapped for it (see the field mapping in Settings)';
  }
  if (Object.keys(fields).length) {
    const summary = Object.entries(fields)
      .map(([k, m]) => `${k}: ${m}`)
      .join('; ');
    throw new ValidationError(`Invalid edit: ${summary}`, fields);
  }
}

interface DealBase {
  modified_time: string | null;
  [column: string]: unknown;
}

/**
 * Applies validated changes to one deal. Returns the ids of the outbox rows touched (an edit back
 * to the CRM's own value removes the pending row instead: there is nothing left to push).
 */
export function applyEdit(
  sqlite: Database,
  outbox: OutboxRepo,
  dealId: string,
  changes: EditChanges,
  apiNames: Record<EditField, string | null>,
  at = new Date().toISOString(),
): number[] {
  validateChanges(sqlite, changes, apiNames);
  const touched: number[] = [];
  sqlite.transaction(() => {
    const deal = sqlite.prepare('SELECT * FROM deals WHERE id = ?').get(dealId) as DealBase | undefined;
    if (!deal) throw new NotFoundError(`No deal ${dealId} in the local copy`);
    for (const field of Object.keys(changes) as EditField[]) {
      const value = normalizeValue(field, changes[field]);
      const column = DEAL_COLUMN[field];
      const existing = outbox.active(dealId, field);
      if (!existing) {
        const base = normalizeValue(field, deal[column]);
        if (base === value) continue;
        touched.push(
          outbox.insert({
            dealId,
            field,
            apiName: apiNames[field]!,
            milestone: isMilestone(field),
            base,
            baseModifiedTime: deal.modified_time,
            value,
            at,
          }),
        );
      } else if (existing.status === 'sent') {
        // A PUT may be in flight with the old value: keep 'sent'; when it settles, the newer
        // value goes out as a follow-up edit based on what Zoho then holds.
        outbox.revise(existing.id, value, 'sent', at);
        touched.push(existing.id);
      } else {
        // After a conflict the user has seen the CRM's value: a new value is based on it.
        const base =
          existing.status === 'conflict'
            ? normalizeValue(field, JSON.parse(existing.crm_value ?? 'null'))
            : normalizeValue(field, JSON.parse(existing.base_value));
        if (base === value) outbox.delete(existing.id);
        else {
          outbox.revise(existing.id, value, 'pending', at, existing.status === 'conflict' ? base : undefined);
          touched.push(existing.id);
        }
      }
      sqlite.prepare(`UPDATE deals SET ${column} = ? WHERE id = ?`).run(value, dealId);
    }
    sqlite
      .prepare(
        `INSERT INTO o2r_flags (deal_id, strategic, last_local_edit)
         VALUES (?, 0, ?)
         ON CONFLICT(deal_id) DO UPDATE SET last_local_edit = excluded.last_local_edit`,
      )
      .run(dealId, at);
  })();
  return touched;
}
