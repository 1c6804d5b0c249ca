import type { SecretStore } from './secret-store';

/**
 * Secrets that live only as long as the process: for the demo workspace, whose CRM is a sandbox
 * inside the app and whose secrets are worthless outside it (its tokens never reach the keychain).
 */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory (demo workspace)';
  private readonly values = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.values.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.values.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.values.delete(account);
  }
}
