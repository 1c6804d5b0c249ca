/** A success answer whose body is not the shape Zoho documents (no data array). */
export class MalformedPageError extends Error {
  override name = 'MalformedPageError';
  readonly code = 'MALFORMED_RESPONSE';
}
