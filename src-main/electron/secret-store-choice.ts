import { createKeychainStore } from '../core/secrets/keytar-store';
import type { SecretStore } from '../core/secrets/secret-store';
import { SafeStorageSecretStore } from './safe-storage-store';

/**
 * The desktop app's secret store: the OS keychain through keytar, else safeStorage. If neither is
 * safe, the second's error (which says why) reaches the user when a secret is first needed.
 */
export function chooseSecretStore(dataDir: string): () => SecretStore {
  let store: SecretStore | undefined;
  return () => {
    if (store) return store;
    try {
      store = createKeychainStore(dataDir);
    } catch {
      store = new SafeStorageSecretStore(dataDir);
    }
    return store;
  };
}
