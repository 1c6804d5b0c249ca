/**
 * Typed errors for everything that can go wrong talking to Zoho. Each carries a machine code (the
 * renderer branches on it), a user-facing message (shown as is), and whether retrying can help.
 * They cross the API boundary via serializeError (name, message, code, details), so `details`
 * must never hold a token.
 */
export abstract class ZohoError extends Error {
  abstract readonly code: string;
  /** True when the same call may succeed later (network, 429, 5xx, malformed body). */
  readonly retryable: boolean = false;
  details?: Record<string, unknown>;
}

/** Any non-success answer of the CRM API that has no more specific class. */
export class ZohoApiError extends ZohoError {
  override name = 'ZohoApiError';
  readonly code: string;
  override readonly retryable: boolean;
  constructor(
    readonly status: number,
    code: string,
    zohoMessage: string,
    details?: Record<string, unknown>,
  ) {
    super(`Zoho CRM answered ${status} ${code}: ${zohoMessage || 'no message'}`);
    this.code = code;
    this.details = { status, ...(details ? { zoho: details } : {}) };
    this.retryable = status >= 500;
  }
}

/** The refresh token was revoked, expired or never valid: only a new sign-in helps. */
export class ReconnectNeededError extends ZohoError {
  override name = 'ReconnectNeededError';
  readonly code = 'RECONNECT_NEEDED';
  constructor(reason = 'Zoho no longer accepts the saved sign-in (it was revoked or has expired).') {
    super(`${reason} Reconnect your Zoho CRM account in Settings.`);
  }
}

/** A refresh token offered when connecting that Zoho does not accept. */
export class InvalidRefreshTokenError extends ZohoError {
  override name = 'InvalidRefreshTokenError';
  readonly code = 'INVALID_REFRESH_TOKEN';
  constructor() {
    super(
      'Zoho does not accept this refresh token: it was revoked, mistyped, or belongs to another client or data centre (check the region).',
    );
  }
}

/** No account is connected (or the connection was removed). */
export class NotConnectedError extends ZohoError {
  override name = 'NotConnectedError';
  readonly code = 'NOT_CONNECTED';
  constructor(message = 'No Zoho CRM account is connected. Connect one in Settings.') {
    super(message);
  }
}

/** The token lacks a scope the call needs (401 OAUTH_SCOPE_MISMATCH). */
export class ScopeMismatchError extends ZohoError {
  override name = 'ScopeMismatchError';
  readonly code = 'OAUTH_SCOPE_MISMATCH';
  constructor(path?: string) {
    super(
      'The Zoho sign-in does not grant the access Pipeline Pulse needs' +
        (path ? ` (for ${path})` : '') +
        '. Connect again and accept every requested permission (or, for a Self Client code, include the scopes listed in the README).',
    );
    if (path) this.details = { path };
  }
}

/** 429 from the API (concurrency or daily credits), after the client's own retries. */
export class ZohoRateLimitError extends ZohoError {
  override name = 'ZohoRateLimitError';
  readonly code = 'TOO_MANY_REQUESTS';
  override readonly retryable = true;
  constructor(
    readonly retryAfterMs: number | null,
    zohoMessage = '',
  ) {
    super(
      `Zoho CRM is limiting requests right now${zohoMessage ? ` (${zohoMessage})` : ''}. Pipeline Pulse will try again later.`,
    );
    this.details = { retryAfterMs };
  }
}

/**
 * Pipeline Pulse has used its share of the org's API credits for the last 24 hours (Zoho counts
 * credits over a rolling day; the org's other integrations need the rest). Nothing was sent.
 */
export class CreditBudgetError extends ZohoError {
  override name = 'CreditBudgetError';
  readonly code = 'CREDIT_BUDGET_EXHAUSTED';
  override readonly retryable = true;
  constructor(
    readonly budget: number,
    readonly retryAfterMs: number,
  ) {
    const minutes = Math.ceil(retryAfterMs / 60_000);
    const wait = minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
    super(
      `Pipeline Pulse has used its ${budget.toLocaleString('en')} Zoho API credits of the last 24 hours; it goes on in about ${wait}, as older calls leave the window.`,
    );
    this.details = { budget, retryAfterMs };
  }
}

/** Zoho Accounts refused to issue another access token (10 per refresh token per 10 minutes). */
export class TokenRateLimitError extends ZohoError {
  override name = 'TokenRateLimitError';
  readonly code = 'TOKEN_RATE_LIMITED';
  override readonly retryable = true;
  constructor(readonly retryAfterMs: number) {
    super(
      `Zoho allows only 10 sign-in refreshes in 10 minutes; Pipeline Pulse will try again in about ${Math.ceil(retryAfterMs / 60_000)} min.`,
    );
    this.details = { retryAfterMs };
  }
}

/** No answer: offline, DNS failure, connection reset, or the request timed out. */
export class ZohoNetworkError extends ZohoError {
  override name = 'ZohoNetworkError';
  readonly code: 'NETWORK_ERROR' | 'TIMEOUT';
  override readonly retryable = true;
  constructor(kind: 'NETWORK_ERROR' | 'TIMEOUT', host: string, cause?: string) {
    super(
      kind === 'TIMEOUT'
        ? `Zoho (${host}) did not answer in time. Check your internet connection; Pipeline Pulse will retry.`
        : `Cannot reach Zoho (${host}). Check your internet connection${cause ? ` (${cause})` : ''}.`,
    );
    this.code = kind;
  }
}

/** A success status with a body that is not the JSON Zoho promises (truncated, HTML). */
export class MalformedResponseError extends ZohoError {
  override name = 'MalformedResponseError';
  readonly code = 'MALFORMED_RESPONSE';
  override readonly retryable = true;
  constructor(path: string) {
    super(`Zoho sent an unreadable answer for ${path}.`);
    this.details = { path };
  }
}

/** Wrong client id or client secret (token endpoint `invalid_client` / `invalid_client_secret`). */
export class InvalidClientError extends ZohoError {
  override name = 'InvalidClientError';
  readonly code = 'INVALID_CLIENT';
  constructor(which: 'id' | 'secret' | 'redirect') {
    super(
      which === 'id'
        ? 'Zoho does not know this client ID. Check it in the Zoho API console (and that the region matches where the client was created).'
        : which === 'secret'
          ? 'Zoho rejected the client secret. Copy it again from the Zoho API console.'
          : 'Zoho rejected the redirect address. Register http://127.0.0.1 (with the port shown in Settings) as a redirect URI of this client.',
    );
    this.details = { which };
  }
}

/** A grant code that is wrong, already used or older than its few minutes of life. */
export class InvalidGrantCodeError extends ZohoError {
  override name = 'InvalidGrantCodeError';
  readonly code = 'INVALID_CODE';
  constructor() {
    super(
      'Zoho rejected the grant code: it is wrong, was already used, or expired (they live a few minutes). Generate a new one and paste it at once.',
    );
  }
}

/** The browser sign-in was not finished in time. */
export class SignInTimeoutError extends ZohoError {
  override name = 'SignInTimeoutError';
  readonly code = 'SIGN_IN_TIMEOUT';
  constructor(minutes: number) {
    super(`The Zoho sign-in was not completed within ${minutes} min. Start it again when you are ready.`);
  }
}

/** The user declined, Zoho reported an error on the redirect, or the sign-in was cancelled. */
export class SignInFailedError extends ZohoError {
  override name = 'SignInFailedError';
  readonly code = 'SIGN_IN_FAILED';
  constructor(reason: string) {
    super(`The Zoho sign-in did not complete: ${reason}.`);
  }
}

/** Any other token-endpoint error, with Zoho's code. */
export class OAuthError extends ZohoError {
  override name = 'OAuthError';
  readonly code = 'OAUTH_ERROR';
  constructor(zohoCode: string) {
    super(`Zoho refused the sign-in (${zohoCode}).`);
    this.details = { zohoCode };
  }
}
