import { createRequire } from 'node:module';
import { SecretStoreUnavailableError, type SecretStore } from './secret-store';

type Keyring = typeof import('@napi-rs/keyring');

const SERVICE = 'Pipeline Pulse';

/**
 * The one sentence a user sees when no keychain answers: what to start or install. Connecting a real
 * account stops there and saves nothing (docs/secrets.md).
 */
export const NO_KEYCHAIN_MESSAGE =
  'No OS keychain is reachable, so Pipeline Pulse cannot store your Zoho sign-in safely: on Linux, install and ' +
  'start a Secret Service such as gnome-keyring (e.g. `apt-get install gnome-keyring`) in your desktop session, ' +
  'then connect again.';

/**
 * @napi-rs/keyring ships its per-platform binaries as npm packages (nothing compiled, nothing fetched
 * from GitHub). Loading can still fail on a platform it has no binary for; that must not crash startup.
 */
export function loadKeyring(): Keyring | null {
  try {
    return createRequire(import.meta.url)('@napi-rs/keyring') as Keyring;
  } catch {
    return null;
  }
}

/**
 * The OS keychain: macOS Keychain, Windows Credential Manager, or the Secret Service (gnome-keyring,
 * KWallet) over D-Bus on Linux. On Linux the entry is pinned to the Secret Service: the crate would
 * otherwise fall back to the kernel keyring, which forgets everything at reboot. Accounts are
 * namespaced by profile so two data directories never share a token.
 */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'OS keychain';
  constructor(
    private readonly keyring: Keyring,
    private readonly profile: string,
  ) {}

  private entry(name: string) {
    return new this.keyring.AsyncEntry(SERVICE, `${this.profile}:${name}`, { linux: { store: 'secret-service' } });
  }

  /** Every keychain failure (no D-Bus session, no Secret Service, locked) becomes one clear error. */
  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      throw new SecretStoreUnavailableError(NO_KEYCHAIN_MESSAGE, { cause: error });
    }
  }

  get(name: string) {
    return this.guard(() => this.entry(name).getPassword()).then((v) => v ?? null);
  }
  set(name: string, secret: string) {
    return this.guard(() => this.entry(name).setPassword(secret));
  }
  delete(name: string) {
    return this.guard(() => this.entry(name).deletePassword());
  }
}

/** The keychain store for a profile, or an error explaining why there is none. */
export function createKeychainStore(profile: string): SecretStore {
  const keyring = loadKeyring();
  if (!keyring) {
    throw new SecretStoreUnavailableError(
      'The OS keychain module (@napi-rs/keyring) has no binary for this platform, so Pipeline Pulse cannot store ' +
        'your Zoho sign-in safely.',
    );
  }
  return new KeyringSecretStore(keyring, profile);
}
