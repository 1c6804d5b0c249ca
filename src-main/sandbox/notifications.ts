/**
 * Instant notifications (`/crm/v8/actions/watch`). Channels are kept per channel_id; on each change
 * to Deals the sandbox POSTs Zoho's callback body to every live channel's notify_url, fire and
 * forget, with the token the channel registered. Expired channels are dropped silently, as Zoho does.
 */
import { DEALS_MODULE_ID } from './catalog';
import { json, parseJsonBody, zohoError, type Reply, type Req } from './http';
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
  onSent: (ok: boolean) => void;
}

/** Per-channel errors come wrapped in `watch` with HTTP 202, as Zoho's OAS documents. */
const wrappedError = (code: string, message: string, details: Record<string, unknown>): Reply =>
  json(202, { watch: [{ code, details, message, status: 'error' }] });

export class Notifier {
  private readonly channels = new Map<string, Channel>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly ctx: NotifierContext) {}

  private live(): Channel[] {
    const now = this.ctx.now();
    for (const [id, c] of this.channels) if (c.expiresAt <= now) this.channels.delete(id);
    return [...this.channels.values()];
  }

  private resourceUri(): string {
    return `${this.ctx.baseUrl()}/crm/v8/Deals`;
  }

  /** Sends one callback per live channel subscribed to the operation. */
  emit(operation: Operation, ids: string[], affected: Record<string, string[]> = {}): void {
    if (ids.length === 0) return;
    const eventFor = { insert: 'Deals.create', update: 'Deals.edit', delete: 'Deals.delete' }[operation];
    for (const c of this.live()) {
      if (!c.events.includes('Deals.all') && !c.events.includes(eventFor)) continue;
      const body = {
        server_time: this.ctx.now(),
        query_params: {},
        module: 'Deals',
        resource_uri: this.resourceUri(),
        ids,
        affected_fields: operation === 'update' ? ids.map((id) => ({ [id]: affected[id] ?? [] })) : [],
        operation,
        channel_id: c.channelId,
        token: c.token,
      };
      const p = fetch(c.notifyUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      })
        .then((r) => {
          this.ctx.onSent(r.ok);
          return r.body?.cancel();
        })
        .catch(() => this.ctx.onSent(false))
        .finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  /** Resolves when every callback sent so far has finished (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
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

  /** Validates one watch item; returns a channel or an error reply. */
  private toChannel(item: Record<string, unknown>, index: number, existing?: Channel): Channel | Reply {
    const path = (k: string) => `$.watch[${index}].${k}`;
    const channelId = item.channel_id ?? existing?.channelId;
    if (channelId === undefined || channelId === null || !/^\d+$/.test(String(channelId))) {
      return wrappedError('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: 'channel_id',
        json_path: path('channel_id'),
      });
    }
    const events = (item.events ?? existing?.events) as unknown;
    if (!Array.isArray(events) || events.length === 0) {
      return wrappedError('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: 'events',
        json_path: path('events'),
      });
    }
    const bad = events.find((e) => typeof e !== 'string' || !SUPPORTED_EVENTS.has(e));
    if (bad !== undefined)
      return wrappedError('INVALID_DATA', 'invalid data', { api_name: 'events', json_path: path('events') });
    const notifyUrl = (item.notify_url ?? existing?.notifyUrl) as unknown;
    if (typeof notifyUrl !== 'string' || !/^https?:\/\//.test(notifyUrl)) {
      return wrappedError('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: 'notify_url',
        json_path: path('notify_url'),
      });
    }
    const token = item.token === undefined ? (existing?.token ?? null) : item.token;
    if (token !== null && (typeof token !== 'string' || token.length > 50)) {
      return wrappedError('INVALID_DATA', 'invalid data', {
        api_name: 'token',
        json_path: path('token'),
        maximum_length: 50,
      });
    }
    const now = this.ctx.now();
    let expiresAt = existing?.expiresAt ?? now + DEFAULT_EXPIRY_MS;
    if (item.channel_expiry !== undefined && item.channel_expiry !== null) {
      const t = parseDateTime(String(item.channel_expiry));
      if (Number.isNaN(t) || t <= now || t > now + MAX_EXPIRY_MS) {
        return wrappedError('INVALID_DATA', 'invalid data', {
          api_name: 'channel_expiry',
          json_path: path('channel_expiry'),
        });
      }
      expiresAt = t;
    }
    return {
      channelId: String(channelId),
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
    const results: Record<string, unknown>[] = [];
    const accepted: Channel[] = [];
    for (const [i, item] of parsed.items.entries()) {
      const existing = mode === 'patch' ? this.channels.get(String(item.channel_id)) : undefined;
      if (mode === 'patch' && !existing) {
        return json(202, {
          watch: [
            {
              code: 'NOT_SUBSCRIBED',
              details: { channel_id: String(item.channel_id) },
              message: 'not subscribed for actions-watch of the given module',
              status: 'error',
            },
          ],
        });
      }
      const c = this.toChannel(item, i, existing);
      if (!('channelId' in c)) return c;
      accepted.push(c);
    }
    for (const c of accepted) {
      this.channels.set(c.channelId, c);
      const message =
        mode === 'enable'
          ? 'Successfully subscribed for actions-watch of the given module'
          : 'Successfully updated the subscribe details';
      results.push(this.successItem(c, message));
    }
    // Zoho's OAS: 201 when channels are enabled, 200 when updated.
    return json(mode === 'enable' ? 201 : 200, { watch: results });
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
