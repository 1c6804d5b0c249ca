import { createKeychainStore } from '../core/secrets/keyring-store';
import { FirstAvailableSecretStore } from '../core/secrets/first-available-store';
import type { SecretStore } from '../core/secrets/secret-store';
import { SafeStorageSecretStore } from './safe-storage-store';

/**
 * The desktop app's secret store: the OS keychain through @napi-rs/keyring, else Electron's
 * safeStorage. If neither answers, the keychain's error (which says what to start) reaches the user
 * when a secret is first needed.
 */
export function chooseSecretStore(dataDir: string): () => SecretStore {
  const store = new FirstAvailableSecretStore([
    () => createKeychainStore(dataDir),
    () => new SafeStorageSecretStore(dataDir),
  ]);
  return () => store;
}
