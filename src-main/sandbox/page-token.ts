/**
 * Get Records' `page_token`, as Zoho issues and checks it: opaque, at most 96 characters (the
 * OAS's limit), alive for 24 hours, and bound to the `fields`, `sort_by` and `per_page` of the
 * request that issued it. The sandbox keeps no state: the token carries its position, its
 * expiry and a digest of those parameters, sealed with an HMAC keyed by the sandbox's seed (so
 * tokens survive a restart of the same demo workspace, and a made-up token is refused).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SortBy } from './store';

export const PAGE_TOKEN_TTL_MS = 24 * 3600_000;
export const PAGE_TOKEN_MAX_LENGTH = 96;

const SORTS: SortBy[] = ['id', 'Created_Time', 'Modified_Time'];
const VERSION = 1;
const BODY_BYTES = 1 + 1 + 1 + 6 + 6 + 4 + 6;
const MAC_BYTES = 8;

/** What a token remembers of the request that issued it. */
export interface TokenBinding {
  fields: readonly string[];
  sortBy: SortBy;
  perPage: number;
}

export interface PageToken extends TokenBinding {
  order: 'asc' | 'desc';
  /** If-Modified-Since of the first request (ms), or null. */
  sinceMs: number | null;
  /** Index of the first record of the page the token asks for. */
  offset: number;
  expiresAt: number;
}

export type TokenCheck =
  { ok: true; token: PageToken } | { ok: false; reason: 'unreadable' | 'expired' | 'mismatch'; token?: PageToken };

/** Field lists are compared as sets: the order they are listed in does not change the answer. */
function fieldsDigest(fields: readonly string[]): Buffer {
  return createHash('sha256')
    .update([...new Set(fields)].sort().join(','))
    .digest()
    .subarray(0, 6);
}

export class PageTokens {
  private readonly key: Buffer;

  constructor(seed: number) {
    this.key = createHash('sha256').update(`pulse-sandbox-page-token:${seed}`).digest();
  }

  issue(t: Omit<PageToken, 'expiresAt'>, nowMs: number): { text: string; expiresAt: number } {
    const expiresAt = nowMs + PAGE_TOKEN_TTL_MS;
    const body = Buffer.alloc(BODY_BYTES);
    let o = 0;
    body.writeUInt8(VERSION, o++);
    body.writeUInt8(SORTS.indexOf(t.sortBy) | (t.order === 'desc' ? 4 : 0) | (t.sinceMs !== null ? 8 : 0), o++);
    body.writeUInt8(t.perPage, o++);
    fieldsDigest(t.fields).copy(body, o);
    o += 6;
    body.writeUIntBE(t.sinceMs ?? 0, o, 6);
    o += 6;
    body.writeUInt32BE(t.offset, o);
    o += 4;
    body.writeUIntBE(expiresAt, o, 6);
    const text = Buffer.concat([body, this.mac(body)]).toString('base64url');
    return { text, expiresAt };
  }

  /** Reads a token and checks it against the request that presents it. */
  check(text: string, request: TokenBinding, nowMs: number): TokenCheck {
    const raw = text.length <= PAGE_TOKEN_MAX_LENGTH ? Buffer.from(text, 'base64url') : Buffer.alloc(0);
    if (raw.length !== BODY_BYTES + MAC_BYTES) return { ok: false, reason: 'unreadable' };
    const body = raw.subarray(0, BODY_BYTES);
    if (!timingSafeEqual(raw.subarray(BODY_BYTES), this.mac(body)) || body.readUInt8(0) !== VERSION)
      return { ok: false, reason: 'unreadable' };
    const flags = body.readUInt8(1);
    const sortBy = SORTS[flags & 3];
    if (!sortBy) return { ok: false, reason: 'unreadable' };
    const digest = body.subarray(3, 9);
    const token: PageToken = {
      sortBy,
      order: flags & 4 ? 'desc' : 'asc',
      perPage: body.readUInt8(2),
      fields: request.fields,
      sinceMs: flags & 8 ? body.readUIntBE(9, 6) : null,
      offset: body.readUInt32BE(15),
      expiresAt: body.readUIntBE(19, 6),
    };
    if (token.expiresAt <= nowMs) return { ok: false, reason: 'expired', token };
    const same =
      digest.equals(fieldsDigest(request.fields)) &&
      token.sortBy === request.sortBy &&
      token.perPage === request.perPage;
    return same ? { ok: true, token } : { ok: false, reason: 'mismatch', token };
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC_BYTES);
  }
}
