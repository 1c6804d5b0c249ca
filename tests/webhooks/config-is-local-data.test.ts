import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { takeBackup } from '../../src-main/core/store/backup';
import { openStore } from '../../src-main/core/store/open-store';
import { SyncKv } from '../../src-main/core/sync/state-kv';
import { WebhookRepo, type WebhookConfig } from '../../src-main/core/webhooks/webhook-repo';
import { tempDir } from '../helpers/temp-dir';

const config: WebhookConfig = {
  enabled: true,
  listenHost: '0.0.0.0',
  listenPort: 8787,
  publicUrl: 'https://pulse.example.com/zoho',
  channelId: '1234567890123',
  events: ['Deals.all'],
  expiresAt: '2026-12-09T10:00:00.000Z',
  renewedAt: '2026-12-02T10:00:00.000Z',
  lastError: null,
  lastTest: null,
};

/**
 * The instant-updates set-up is the user's, not a cache of Zoho CRM: a backup (which empties the
 * cache tables, `sync_state` among them) must keep it, so a restore does not silently switch
 * instant updates off. It used to live in `sync_state` and was lost.
 */
describe('the instant-updates set-up is local data', () => {
  it('is kept by a backup, which empties the sync state', async () => {
    const dir = tempDir('pulse-webhook-config-');
    const store = openStore(dir);
    new WebhookRepo(store.sqlite).saveConfig(config);
    const backup = takeBackup(store.sqlite, dir, 'test');
    await store.close();
    const db = new Database(backup.file, { readonly: true, fileMustExist: true });
    expect(db.prepare('SELECT count(*) FROM sync_state').pluck().get()).toBe(0);
    expect(new WebhookRepo(db).config()).toEqual(config);
    db.close();
  });

  it("an older version's copy in sync_state is moved to settings at open, once", async () => {
    const store = openStore(tempDir('pulse-webhook-legacy-'));
    new SyncKv(store.sqlite).set('webhook.config', config);
    const repo = new WebhookRepo(store.sqlite);
    expect(repo.config()).toEqual(config);
    expect(new SyncKv(store.sqlite).get('webhook.config')).toBeUndefined();
    repo.clearConfig(); // turned off: nothing comes back from the old place
    expect(new WebhookRepo(store.sqlite).config()).toBeNull();
    await store.close();
  });
});
