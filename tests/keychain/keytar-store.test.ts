import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeychainStore } from '../../src-main/core/secrets/keytar-store';

// Runs against the real OS keychain: in CI, gnome-keyring inside the private D-Bus session that
// `npm test` starts. Skipped (and counted as skipped) only where no Secret Service exists.
const available = Boolean(process.env.PULSE_KEYRING_AVAILABLE);

describe.skipIf(!available)('secrets in the real OS keychain (keytar + gnome-keyring)', () => {
  it('stores, reads back and deletes a secret, namespaced by profile', async () => {
    const profile = `test-${crypto.randomUUID()}`;
    const store = createKeychainStore(profile);
    const other = createKeychainStore(`${profile}-other`);
    const secret = `1000.${crypto.randomBytes(16).toString('hex')}`;

    expect(await store.get('refresh_token')).toBeNull();
    await store.set('refresh_token', secret);
    expect(await store.get('refresh_token')).toBe(secret);
    expect(await other.get('refresh_token')).toBeNull();
    expect(await store.delete('refresh_token')).toBe(true);
    expect(await store.get('refresh_token')).toBeNull();
  });
});
