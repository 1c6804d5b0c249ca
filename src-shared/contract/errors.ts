/**
 * Errors that cross the API boundary. Main serialises any thrown error to `SerializedError`;
 * the renderer turns it back into an `ApiError` whose `name`, `code` and `fields` are the
 * original's, so a component can branch on `error.name === 'ValidationError'` or show
 * `error.fields` next to the right input.
 */
export interface SerializedError {
  name: string;
  message: string;
  /** Machine-readable code, e.g. a Zoho code like INVALID_DATA, or RECONNECT_NEEDED. */
  code?: string;
  /** Per-field problems for validation errors: path → message. */
  fields?: Record<string, string>;
  /** Anything else a specific error carries (must be JSON). */
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  code?: string;
  fields?: Record<string, string>;
  details?: Record<string, unknown>;
  constructor(e: SerializedError) {
    super(e.message);
    this.name = e.name;
    this.code = e.code;
    this.fields = e.fields;
    this.details = e.details;
  }
}

/** Thrown by main when a call's arguments do not match its schema. Nothing has run. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly code = 'INVALID_ARGUMENT';
  constructor(
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

/** Thrown for a call name the contract does not declare. */
export class UnknownCallError extends Error {
  override name = 'UnknownCallError';
  readonly code = 'UNKNOWN_CALL';
}

export function serializeError(error: unknown): SerializedError {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown; code?: unknown; fields?: unknown; details?: unknown };
    return {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : String(error),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(e.fields && typeof e.fields === 'object' ? { fields: e.fields as Record<string, string> } : {}),
      ...(e.details && typeof e.details === 'object' ? { details: jsonSafe(e.details) } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

function jsonSafe(value: object): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
