import { ZohoApiError } from '../zoho/errors';
import type { ZohoApi } from '../zoho/zoho-api';

/** Zoho keeps a channel at most a week; a later expiry is silently cut to one hour (docs/zoho-notifications.md#expiry-and-renewal). */
export const MAX_CHANNEL_LIFETIME_MS = 7 * 86_400_000;
/** What we ask for: a week less a margin, so clock drift never pushes it past Zoho's limit. */
export const DEFAULT_CHANNEL_LIFETIME_MS = MAX_CHANNEL_LIFETIME_MS - 10 * 60_000;

export const WATCHED_EVENTS = ['Deals.all'];

export interface ChannelRequest {
  channelId: string;
  notifyUrl: string;
  token: string;
  /** When we want the channel to lapse (ms); at most a week ahead. */
  expiresAtMs: number;
}

export interface EnabledChannel {
  channelId: string;
  events: string[];
  /** When Zoho says the channel lapses (ms). */
  expiresAtMs: number;
}

/** Zoho refused to enable or update the channel; `code` is Zoho's (INVALID_DATA, …). */
export class ChannelError extends Error {
  override name = 'ChannelError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface WatchItem {
  code?: string;
  status?: string;
  message?: string;
  details?: { api_name?: string; events?: { channel_expiry?: string; channel_id?: string | number }[] };
}

/** Zoho's ISO time with offset (no milliseconds): `2026-05-02T11:00:00+00:00`. */
export function zohoTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

function itemError(item: WatchItem | undefined): ChannelError {
  const code = item?.code ?? 'UNKNOWN';
  const field = item?.details?.api_name ? ` (${item.details.api_name})` : '';
  return new ChannelError(
    code,
    `Zoho CRM refused the notification channel: ${code} ${item?.message ?? ''}${field}`.trim(),
  );
}

/** The per-channel answer, whatever status carried it (docs/zoho-notifications.md#per-channel-errors). */
function firstItem(data: unknown): WatchItem | undefined {
  const watch = (data as { watch?: unknown } | null)?.watch;
  return Array.isArray(watch) ? (watch[0] as WatchItem) : undefined;
}

/**
 * Enables (or re-enables, which is how Zoho renews) our channel: `POST /crm/v8/actions/watch`
 * with `Deals.all`, our token and the user's public URL. Returns the expiry Zoho granted, which
 * may be shorter than asked (over a week becomes one hour). docs/zoho-notifications.md#enabling-a-channel
 */
export async function enableChannel(api: ZohoApi, req: ChannelRequest): Promise<EnabledChannel> {
  let res;
  try {
    res = await api.request<{ watch?: WatchItem[] }>({
      method: 'POST',
      path: '/crm/v8/actions/watch',
      body: {
        watch: [
          {
            channel_id: Number(req.channelId),
            events: WATCHED_EVENTS,
            channel_expiry: zohoTime(req.expiresAtMs),
            token: req.token,
            notify_url: req.notifyUrl,
            return_affected_field_values: false,
          },
        ],
      },
    });
  } catch (e) {
    const items = e instanceof ZohoApiError ? (e.details?.zoho as { data?: WatchItem[] } | undefined)?.data : undefined;
    if (items?.length) throw itemError(items[0]);
    throw e;
  }
  const item = firstItem(res.data);
  if (!item || item.status !== 'success') throw itemError(item);
  const ev = item.details?.events?.[0];
  const granted = ev?.channel_expiry ? Date.parse(ev.channel_expiry) : NaN;
  return {
    channelId: req.channelId,
    events: WATCHED_EVENTS,
    expiresAtMs: Number.isFinite(granted) ? granted : req.expiresAtMs,
  };
}

/** Disables our channel (`DELETE ?channel_ids=`). A channel Zoho no longer knows is fine. */
export async function disableChannel(api: ZohoApi, channelId: string): Promise<void> {
  await api.request({ method: 'DELETE', path: '/crm/v8/actions/watch', query: { channel_ids: channelId } });
}
