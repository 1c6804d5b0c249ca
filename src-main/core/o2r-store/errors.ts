/** Errors of the O2R service; they cross the API boundary with their name and code. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

/** An operation that the edit's current state does not allow (e.g. resolving a non-conflict). */
export class EditStateError extends Error {
  override name = 'EditStateError';
  readonly code = 'INVALID_STATE';
}
