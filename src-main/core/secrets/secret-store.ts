/**
 * Where secrets (the Zoho refresh token and client secret) live. One small interface so either
 * the OS keychain (@napi-rs/keyring) or Electron's safeStorage can serve it; there is deliberately no
 * plaintext implementation, so a missing keychain is an error the user sees, never a silent
 * fallback to a file.
 */
export interface SecretStore {
  /** Human-readable name for messages, e.g. "OS keychain (libsecret)". */
  readonly kind: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** No usable secret store on this machine; the message says what to do about it. */
export class SecretStoreUnavailableError extends Error {
  override name = 'SecretStoreUnavailableError';
  readonly code = 'KEYCHAIN_UNAVAILABLE';
}
