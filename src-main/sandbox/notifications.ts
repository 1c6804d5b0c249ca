/**
 * Instant notifications (`/crm/v8/actions/watch`). Channels are kept per channel_id (a number);
 * after each committed change to Deals the sandbox POSTs Zoho's callback body to every live
 * channel's notify_url (notification-delivery.ts: after the change, retried while the receiver
 * is down), with the token the channel registered and, when asked, `affected_values`. Answers
 * follow notifications.yaml: 201 enabled / 200 updated, 207 when some channels failed, 400 when
 * all did. A `channel_expiry` more than a week ahead silently becomes one hour, as Zoho does.
 * Expired channels are dropped silently. The rules: docs/zoho-notifications.md; the sandbox's
 * own guesses: its README.
 */
import { DEALS_MODULE_ID } from './catalog';
import { json, parseJsonBody, zohoError, type Reply, type Req } from './http';
import { CallbackDelivery, type DeliveryOptions } from './notification-delivery';
import { parseDateTime, zohoDateTime } from './time';

const MAX_EXPIRY_MS = 7 * 86_400_000;
const DEFAULT_EXPIRY_MS = 3600_000;
const SUPPORTED_EVENTS = new Set(['Deals.all', 'Deals.create', 'Deals.edit', 'Deals.delete']);

export type Operation = 'insert' | 'update' | 'delete';

interface Channel {
  channelId: string;
  events: string[];
  notifyUrl: string;
  token: string | null;
  expiresAt: number;
  returnAffectedFieldValues: boolean;
}

export interface NotifierContext {
  now: () => number;
  baseUrl: () => string;
  onAttempt: DeliveryOptions['onAttempt'];
  retryDelaysMs?: number[];
  commitDelayMs?: number;
}

/** A change's new values per record, for channels that asked for `return_affected_field_values`. */
export type AffectedValues = Record<string, Record<string, unknown>>;

interface ErrorItem {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

const itemError = (code: string, message: string, details: Record<string, unknown>): ErrorItem => ({
  code,
  details,
  message,
  status: 'error',
});

/** notifications.yaml: every item ok → `okStatus`; some failed → 207; all failed → 400. */
function batchStatus(results: { status: string }[], okStatus: number): number {
  const failed = results.filter((r) => r.status === 'error').length;
  if (failed === 0) return okStatus;
  return failed === results.length ? 400 : 207;
}

/** Zoho's channel_id is a long: a JSON integer or a string of digits. */
function channelIdOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d{1,19}$/.test(value)) return value;
  return null;
}

export class Notifier {
  private readonly channels = new Map<string, Channel>();
  private readonly delivery: CallbackDelivery;

  constructor(private readonly ctx: NotifierContext) {
    this.delivery = new CallbackDelivery({
      retryDelaysMs: ctx.retryDelaysMs,
      commitDelayMs: ctx.commitDelayMs,
      onAttempt: ctx.onAttempt,
    });
  }

  private live(): Channel[] {
    const now = this.ctx.now();
    for (const [id, c] of this.channels) if (c.expiresAt <= now) this.channels.delete(id);
    return [...this.channels.values()];
  }

  private resourceUri(): string {
    return `${this.ctx.baseUrl()}/crm/v8/Deals`;
  }

  /**
   * Sends one callback per live channel subscribed to the operation, after the caller's change
   * committed. `affected` lists the changed fields per record, `values` their new values.
   */
  emit(
    operation: Operation,
    ids: string[],
    affected: Record<string, string[]> = {},
    values: AffectedValues = {},
  ): void {
    if (ids.length === 0) return;
    const eventFor = { insert: 'Deals.create', update: 'Deals.edit', delete: 'Deals.delete' }[operation];
    for (const c of this.live()) {
      if (!c.events.includes('Deals.all') && !c.events.includes(eventFor)) continue;
      const body: Record<string, unknown> = {
        server_time: this.ctx.now(),
        query_params: Object.fromEntries(new URL(c.notifyUrl).searchParams),
        module: 'Deals',
        resource_uri: this.resourceUri(),
        ids,
        affected_fields: operation === 'update' ? ids.map((id) => ({ [id]: affected[id] ?? [] })) : [],
        operation,
        channel_id: c.channelId,
        token: c.token,
      };
      if (c.returnAffectedFieldValues && operation === 'update')
        body.affected_values = ids.map((id) => ({ record_id: id, values: values[id] ?? {} }));
      this.delivery.send(c.notifyUrl, body);
    }
  }

  /** Resolves when every callback sent so far was delivered or given up (tests, shutdown). */
  drain(): Promise<void> {
    return this.delivery.drain();
  }

  /** Shutdown: callbacks waiting for a retry are dropped. */
  close(): void {
    this.delivery.close();
  }

  private parseWatch(req: Req): { ok: true; items: Record<string, unknown>[] } | { ok: false; reply: Reply } {
    const parsed = parseJsonBody(req);
    const watch = parsed.ok ? (parsed.value as { watch?: unknown } | undefined)?.watch : undefined;
    if (!parsed.ok) return { ok: false, reply: zohoError(400, 'INVALID_DATA', 'body', {}) };
    if (!Array.isArray(watch) || watch.length === 0) {
      return {
        ok: false,
        reply: zohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'watch' }),
      };
    }
    return { ok: true, items: watch as Record<string, unknown>[] };
  }

  /** When a channel lapses: at most a week ahead; further (or none) is one hour, as Zoho does. */
  private expiryOf(item: Record<string, unknown>, existing: Channel | undefined, path: string): number | ErrorItem {
    const now = this.ctx.now();
    if (item.channel_expiry === undefined || item.channel_expiry === null)
      return existing?.expiresAt ?? now + DEFAULT_EXPIRY_MS;
    const t = parseDateTime(String(item.channel_expiry));
    if (Number.isNaN(t) || t <= now)
      return itemError('INVALID_DATA', 'invalid data', { api_name: 'channel_expiry', json_path: path });
    return t > now + MAX_EXPIRY_MS ? now + DEFAULT_EXPIRY_MS : t;
  }

  /** Validates one watch item; returns a channel or the item's error. */
  private toChannel(item: Record<string, unknown>, index: number, existing?: Channel): Channel | ErrorItem {
    const path = (k: string) => `$.watch[${index}].${k}`;
    const channelId = channelIdOf(item.channel_id ?? existing?.channelId);
    if (channelId === null) {
      const missing = item.channel_id === undefined || item.channel_id === null;
      return missing
        ? itemError('MANDATORY_NOT_FOUND', 'required field not found', {
            api_name: 'channel_id',
            json_path: path('channel_id'),
          })
        : itemError('INVALID_DATA', 'invalid data', {
            api_name: 'channel_id',
            json_path: path('channel_id'),
            expected_data_type: 'long',
          });
    }
    let events = (item.events ?? existing?.events) as unknown;
    if (!Array.isArray(events) || events.length === 0) {
      return itemError('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: 'events',
        json_path: path('events'),
      });
    }
    const bad = events.find((e) => typeof e !== 'string' || !SUPPORTED_EVENTS.has(e));
    if (bad !== undefined)
      return itemError('INVALID_DATA', 'invalid data', { api_name: 'events', json_path: path('events') });
    // PATCH with `_delete_events: true` removes the listed events from the channel.
    if (existing && item._delete_events === true && Array.isArray(item.events)) {
      const drop = new Set(item.events as string[]);
      events = existing.events.filter((e) => !drop.has(e));
    }
    const notifyUrl = (item.notify_url ?? existing?.notifyUrl) as unknown;
    if (typeof notifyUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(notifyUrl)) {
      return itemError('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: 'notify_url',
        json_path: path('notify_url'),
      });
    }
    const token = item.token === undefined ? (existing?.token ?? null) : item.token;
    if (token !== null && (typeof token !== 'string' || token.length > 50)) {
      return itemError('INVALID_DATA', 'invalid data', {
        api_name: 'token',
        json_path: path('token'),
        maximum_length: 50,
      });
    }
    const expiresAt = this.expiryOf(item, existing, path('channel_expiry'));
    if (typeof expiresAt !== 'number') return expiresAt;
    return {
      channelId,
      events: events as string[],
      notifyUrl,
      token: token as string | null,
      expiresAt,
      returnAffectedFieldValues: Boolean(item.return_affected_field_values ?? existing?.returnAffectedFieldValues),
    };
  }

  private successItem(c: Channel, message: string) {
    return {
      code: 'SUCCESS',
      details: {
        events: [
          {
            channel_expiry: zohoDateTime(c.expiresAt),
            resource_uri: this.resourceUri(),
            resource_id: DEALS_MODULE_ID,
            resource_name: 'Deals',
            channel_id: c.channelId,
            notification_condition: [],
          },
        ],
      },
      message,
      status: 'success',
    };
  }

  /** POST enables (or replaces) channels; PUT replaces details; PATCH updates given keys. */
  handleWrite(req: Req, mode: 'enable' | 'replace' | 'patch'): Reply {
    const parsed = this.parseWatch(req);
    if (!parsed.ok) return parsed.reply;
    const results: (ErrorItem | ReturnType<Notifier['successItem']>)[] = [];
    for (const [i, item] of parsed.items.entries()) {
      const key = channelIdOf(item.channel_id);
      const existing = mode === 'patch' && key ? this.channels.get(key) : undefined;
      if (mode === 'patch' && !existing) {
        results.push(
          itemError('NOT_SUBSCRIBED', 'not subscribed for actions-watch of the given module', {
            channel_id: String(item.channel_id),
          }),
        );
        continue;
      }
      const c = this.toChannel(item, i, existing);
      if ('status' in c) {
        results.push(c);
        continue;
      }
      if (c.events.length === 0) this.channels.delete(c.channelId);
      else this.channels.set(c.channelId, c);
      const message =
        mode === 'enable'
          ? 'Successfully subscribed for actions-watch of the given module'
          : 'Successfully updated the subscribe details';
      results.push(this.successItem(c, message));
    }
    return json(batchStatus(results, mode === 'enable' ? 201 : 200), { watch: results });
  }

  handleList(): Reply {
    const list = this.live();
    if (list.length === 0) return { status: 204 };
    return json(200, {
      watch: list.map((c) => ({
        notify_on_related_action: false,
        channel_expiry: zohoDateTime(c.expiresAt),
        return_affected_field_values: c.returnAffectedFieldValues,
        resource_uri: this.resourceUri(),
        resource_id: DEALS_MODULE_ID,
        notify_url: c.notifyUrl,
        resource_name: 'Deals',
        fields: null,
        notification_condition: [],
        channel_id: c.channelId,
        events: c.events,
        token: c.token,
      })),
      info: { per_page: 200, page: 1, count: list.length, more_records: false },
    });
  }

  handleDisable(req: Req): Reply {
    const idsText = req.query.get('channel_ids');
    if (!idsText)
      return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param: 'channel_ids',
      });
    const results = idsText
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean)
      .map((id) => {
        this.channels.delete(id);
        return {
          code: 'SUCCESS',
          details: { channel_id: id, resource_uri: this.resourceUri(), resource_id: DEALS_MODULE_ID },
          message: 'Successfully un-subscribed from actions-watch',
          status: 'success',
        };
      });
    return json(200, { watch: results });
  }
}
