import { createRequire } from 'node:module';
import { SecretStoreUnavailableError, type SecretStore } from './secret-store';

type Keytar = typeof import('keytar');

const SERVICE = 'Pipeline Pulse';

/** keytar is a native module; loading it can fail (missing libsecret), which must not crash startup. */
export function loadKeytar(): Keytar | null {
  try {
    return createRequire(import.meta.url)('keytar') as Keytar;
  } catch {
    return null;
  }
}

/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Manager, or the Secret
 * Service (gnome-keyring, KWallet) on Linux. Accounts are namespaced by profile so two data
 * directories never share a token.
 */
export class KeytarSecretStore implements SecretStore {
  readonly kind = 'OS keychain';
  constructor(
    private readonly keytar: Keytar,
    private readonly profile: string,
  ) {}

  private account(name: string) {
    return `${this.profile}:${name}`;
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      throw new SecretStoreUnavailableError(
        `The OS keychain did not answer (${(error as Error).message}). On Linux, make sure a Secret Service ` +
          'such as gnome-keyring is running and unlocked.',
      );
    }
  }

  get(name: string) {
    return this.guard(() => this.keytar.getPassword(SERVICE, this.account(name)));
  }
  set(name: string, secret: string) {
    return this.guard(() => this.keytar.setPassword(SERVICE, this.account(name), secret));
  }
  delete(name: string) {
    return this.guard(() => this.keytar.deletePassword(SERVICE, this.account(name)));
  }
}

/** The keychain store for a profile, or an error explaining why there is none. */
export function createKeychainStore(profile: string): SecretStore {
  const keytar = loadKeytar();
  if (!keytar) {
    throw new SecretStoreUnavailableError(
      'The OS keychain module (keytar) could not be loaded, so Pipeline Pulse cannot store your Zoho token safely. ' +
        'On Linux install libsecret (e.g. `apt-get install libsecret-1-0`) and a Secret Service such as gnome-keyring.',
    );
  }
  return new KeytarSecretStore(keytar, profile);
}
