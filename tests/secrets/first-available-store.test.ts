import { afterEach, describe, expect, it } from 'vitest';
import { FirstAvailableSecretStore } from '../../src-main/core/secrets/first-available-store';
import { createKeychainStore, NO_KEYCHAIN_MESSAGE } from '../../src-main/core/secrets/keyring-store';
import { SecretStoreUnavailableError, type SecretStore } from '../../src-main/core/secrets/secret-store';

// The desktop app offers the OS keychain first and Electron's safeStorage second. Electron cannot run
// here, so safeStorage is the one thing stood in for (a Map with the same refusal rules); the keychain
// is the real @napi-rs/keyring, made unreachable by hiding the D-Bus session as a headless box would.
class StandInSafeStorage implements SecretStore {
  readonly kind = 'Electron safeStorage (stand-in: no Electron runtime here)';
  readonly values = new Map<string, string>();
  constructor(available: boolean) {
    if (!available) throw new SecretStoreUnavailableError('safeStorage: no OS-level encryption.');
  }
  async get(a: string) {
    return this.values.get(a) ?? null;
  }
  async set(a: string, s: string) {
    this.values.set(a, s);
  }
  async delete(a: string) {
    return this.values.delete(a);
  }
}

const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
afterEach(() => {
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

describe('choosing the desktop secret store', () => {
  it('falls back to safeStorage when the keychain does not answer', async () => {
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
    let safe: StandInSafeStorage | undefined;
    const store = new FirstAvailableSecretStore([
      () => createKeychainStore('fallback-test'),
      () => (safe = new StandInSafeStorage(true)),
    ]);
    await store.set('zoho.refresh_token', 'rt');
    expect(store.kind).toMatch(/safeStorage/);
    expect(safe!.values.get('zoho.refresh_token')).toBe('rt');
  });

  it('with neither available, refuses with the keychain sentence (what to start), never plaintext', async () => {
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
    const store = new FirstAvailableSecretStore([
      () => createKeychainStore('fallback-test'),
      () => new StandInSafeStorage(false),
    ]);
    await expect(store.set('zoho.refresh_token', 'rt')).rejects.toThrow(NO_KEYCHAIN_MESSAGE);
    await expect(store.get('zoho.refresh_token')).rejects.toBeInstanceOf(SecretStoreUnavailableError);
  });
});
