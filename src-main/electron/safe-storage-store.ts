/**
 * SecretStore on Electron's safeStorage: the fallback when the OS keychain (@napi-rs/keyring) does not answer (VS Code, Element
 * and Signal moved to it). Secrets are encrypted with a key the OS keeps (Keychain, DPAPI,
 * libsecret/kwallet) and the ciphertext is kept in one file in the profile folder.
 * Never a silent plaintext fallback: when encryption is unavailable, or Linux would only use the
 * "basic_text" backend (a hard-coded key, i.e. plaintext in disguise), it refuses with the reason.
 * Not run in this repository's tests: there is no Electron runtime here (docs/toolchain.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { SecretStoreUnavailableError, type SecretStore } from '../core/secrets/secret-store';

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'Electron safeStorage (OS-encrypted file)';
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'secrets.safe-storage.json');
    if (!safeStorage.isEncryptionAvailable()) {
      throw new SecretStoreUnavailableError(
        'Neither the OS keychain nor OS-level encryption is available, so Pipeline Pulse will not store your Zoho sign-in.',
      );
    }
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new SecretStoreUnavailableError(
        'No Secret Service (gnome-keyring or KWallet) is running, and storing your Zoho sign-in without one would not be safe. Start one and restart Pipeline Pulse.',
      );
    }
  }

  private read(): Record<string, string> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  private write(all: Record<string, string>): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  async get(account: string): Promise<string | null> {
    const blob = this.read()[account];
    return blob ? safeStorage.decryptString(Buffer.from(blob, 'base64')) : null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.write({ ...this.read(), [account]: safeStorage.encryptString(secret).toString('base64') });
  }

  async delete(account: string): Promise<boolean> {
    const all = this.read();
    if (!(account in all)) return false;
    delete all[account];
    this.write(all);
    return true;
  }
}
