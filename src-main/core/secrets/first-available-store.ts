import { SecretStoreUnavailableError, type SecretStore } from './secret-store';

/**
 * Picks the first secret store that answers, once per process: the desktop app offers the OS keychain
 * first and Electron's safeStorage second. A candidate that throws SecretStoreUnavailableError (when
 * created or on its first call) is skipped; when none answers, the first candidate's error — the one
 * that says what to install or start — reaches the user. Never a plaintext store (docs/secrets.md).
 */
export class FirstAvailableSecretStore implements SecretStore {
  private chosen: SecretStore | undefined;
  private choosing: Promise<SecretStore> | undefined;

  constructor(private readonly candidates: ReadonlyArray<() => SecretStore>) {}

  get kind() {
    return this.chosen?.kind ?? 'OS keychain';
  }

  private choose(): Promise<SecretStore> {
    if (this.chosen) return Promise.resolve(this.chosen);
    this.choosing ??= (async () => {
      let firstError: unknown;
      for (const create of this.candidates) {
        try {
          const store = create();
          await store.get('__probe__');
          this.chosen = store;
          return store;
        } catch (error) {
          if (!(error instanceof SecretStoreUnavailableError)) throw error;
          firstError ??= error;
        }
      }
      this.choosing = undefined; // a Secret Service started later is found on the next try
      throw firstError ?? new SecretStoreUnavailableError('No secret store is configured.');
    })();
    return this.choosing;
  }

  async get(account: string) {
    return (await this.choose()).get(account);
  }
  async set(account: string, secret: string) {
    return (await this.choose()).set(account, secret);
  }
  async delete(account: string) {
    return (await this.choose()).delete(account);
  }
}
