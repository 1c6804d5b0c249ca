/**
 * The sandbox's CRM state and the three mutations every path goes through (API writes and the
 * control API alike), so Modified_Time, the recycle bin and notifications behave the same however
 * a deal changes.
 */
import { CURRENCY_BY_ISO, HOME_CURRENCY, OWNERS, ownerRef } from './catalog';
import { buildAccounts, type Account } from './generator';
import type { Notifier } from './notifications';
import { PageTokens } from './page-token';
import type { DealStore } from './store';
import { zohoDateTime } from './time';
import type { DealRecord } from './types';
import { applyFields, type ApplyContext, type RecordError } from './validate';

export type Mutation = { ok: true; rec: DealRecord; changed: string[] } | { ok: false; error: RecordError };

const DEFAULTS: Record<string, unknown> = {
  Account_Name: null,
  Contact_Name: null,
  Amount: null,
  Type: null,
  Lead_Source: null,
  Next_Step: null,
  Description: null,
  Pipeline: 'Standard',
  Region: null,
  Country: null,
  Solution_Type: [],
  Probability: null,
  Proposal_Submission_date: null,
  SOW_Work_Start_Date: null,
  PO_Generation_Date: null,
  Kick_off_Date: null,
  Invoice_Date: null,
  Payment_Received_Date: null,
  OB_Recognition_Date: null,
  Tag: [],
};

/** The new values of the fields a change touched (a notification's `affected_values`). */
export function changedValues(rec: DealRecord, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, rec[f] ?? null]));
}

export class Crm {
  readonly applyCtx: ApplyContext;
  /** The user API calls and control edits act as. */
  readonly actor = ownerRef(OWNERS[0]);
  /** Issues and checks Get Records' page tokens (keyed by the seed, so they survive a restart). */
  readonly pageTokens: PageTokens;

  constructor(
    readonly store: DealStore,
    readonly notifier: Notifier,
    readonly now: () => number,
    seed: number,
  ) {
    this.pageTokens = new PageTokens(seed);
    const accounts: Account[] = buildAccounts(seed);
    const contacts = new Map<string, { id: string; name: string }>();
    for (const a of accounts) for (const c of a.contacts) contacts.set(c.id, c);
    this.applyCtx = { accounts: new Map(accounts.map((a) => [a.id, a])), contacts };
  }

  /** Modified_Time has one-second resolution: make every change strictly newer than the last. */
  private stamp(previousMs: number): string {
    return zohoDateTime(Math.max(this.now(), previousMs + 1000));
  }

  create(fields: Record<string, unknown>, index = 0, notify = true): Mutation {
    const base = { ...DEFAULTS, Owner: this.actor, Currency: HOME_CURRENCY, Exchange_Rate: 1 } as unknown as DealRecord;
    const input = { ...fields };
    if (typeof input.Currency === 'string' && input.Exchange_Rate === undefined) {
      const cur = CURRENCY_BY_ISO.get(input.Currency);
      if (cur) input.Exchange_Rate = cur.rate;
    }
    const applied = applyFields(base, input, index, this.applyCtx);
    if (!applied.ok) return applied;
    const rec = applied.rec;
    rec.id = this.store.newId();
    const t = zohoDateTime(this.now());
    rec.Created_Time = t;
    rec.Modified_Time = t;
    rec.Created_By = this.actor;
    rec.Modified_By = this.actor;
    this.store.insert(rec);
    if (notify) this.notifier.emit('insert', [rec.id]);
    return { ok: true, rec, changed: applied.changed };
  }

  update(id: string, fields: Record<string, unknown>, index = 0, notify = true): Mutation {
    const entry = this.store.get(id);
    if (!entry) {
      return {
        ok: false,
        error: {
          code: 'INVALID_DATA',
          details: { api_name: 'id', json_path: `$.data[${index}].id` },
          message: 'the id given seems to be invalid',
          status: 'error',
        },
      };
    }
    const applied = applyFields(entry.rec, fields, index, this.applyCtx);
    if (!applied.ok) return applied;
    const rec = applied.rec;
    rec.Modified_Time = this.stamp(entry.modifiedMs);
    rec.Modified_By = this.actor;
    this.store.replace(rec);
    if (notify)
      this.notifier.emit('update', [id], { [id]: applied.changed }, { [id]: changedValues(rec, applied.changed) });
    return { ok: true, rec, changed: applied.changed };
  }

  remove(id: string, notify = true, permanent = false): DealRecord | undefined {
    const rec = this.store.remove(id, this.actor, this.now(), permanent ? 'permanent' : 'recycle');
    if (rec && notify) this.notifier.emit('delete', [id]);
    return rec;
  }
}
