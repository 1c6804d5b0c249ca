import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/core';
import { BACKUPS_KEPT, DAILY_BACKUP_MS, dailyBackupDue, listBackups } from '../../src-main/core/store/backup';
import { CACHE_TABLES, KEPT_TABLES, LOCAL_TABLES, tableNames } from '../../src-main/core/store/local-tables';
import { LATEST_SCHEMA_VERSION, migrate } from '../../src-main/core/store/migrate';
import { migrations } from '../../src-main/core/store/migrations/index';
import { openStore } from '../../src-main/core/store/open-store';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';
import { tempDir } from '../helpers/temp-dir';

const mode = (p: string) => fs.statSync(p).mode & 0o777;
const open = (file: string) => new Database(file, { readonly: true, fileMustExist: true });

describe('every table is classified for backups', () => {
  it('as local (kept, restored), kept as is, or cache (emptied): a new table must be placed', async () => {
    const store = openStore(tempDir());
    const classified = [...LOCAL_TABLES, ...KEPT_TABLES, ...CACHE_TABLES].sort();
    expect(new Set(classified).size).toBe(classified.length);
    expect(tableNames(store.sqlite)).toEqual(classified);
    await store.close();
  });
});

describe('rolling backups of the local data', () => {
  let rig: O2RRig;
  let dealId: string;
  beforeAll(async () => {
    rig = await o2rRig({ deals: 40 });
    dealId = rig.sb.dumpDeals()[1].id;
    await rig.call('o2r.blockers.add', { id: dealId, reason: 'PO stuck with procurement' });
    await rig.call('o2r.comment', { id: dealId, text: 'Called the CFO' });
    await rig.call('o2r.edit', { id: dealId, changes: { kickoff: '2026-04-01' }, push: false });
    await rig.core.close();
  });
  afterAll(async () => rig?.sb.close());

  it('takes the daily backup at open: private, small, the local rows in, the deals cache out', async () => {
    expect(listBackups(rig.dataDir)).toEqual([]); // the first open had nothing worth keeping
    // A comment written and deleted: the counter is ahead of the highest id left.
    const rw = new Database(path.join(rig.dataDir, 'pulse.sqlite'));
    const gone = rw
      .prepare("INSERT INTO o2r_comments (deal_id, text, created_at) VALUES (?, 'typo', '2026-01-01T00:00:00Z')")
      .run(dealId).lastInsertRowid;
    rw.prepare('DELETE FROM o2r_comments WHERE id = ?').run(gone);
    rw.close();
    const core = createCore({ dataDir: rig.dataDir, host: 'test' });
    core.start(); // every host starts its core: the daily backup is due
    await core.close(); // waits for the backup in progress
    const [backup, ...more] = listBackups(rig.dataDir);
    expect(more).toEqual([]);
    expect(backup.reason).toBe('daily');
    expect(mode(path.dirname(backup.file))).toBe(0o700);
    expect(mode(backup.file)).toBe(0o600);
    expect(backup.bytes).toBeLessThan(fs.statSync(path.join(rig.dataDir, 'pulse.sqlite')).size);
    const db = open(backup.file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT reason FROM o2r_blockers').pluck().all()).toEqual(['PO stuck with procurement']);
    expect(db.prepare('SELECT text FROM o2r_comments').pluck().all()).toEqual(['Called the CFO']);
    expect(db.prepare("SELECT count(*) FROM o2r_edits WHERE status = 'pending'").pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM sync_state').pluck().get()).toBe(0);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete'); // one self-contained file
    // The store's whole schema, every index and trigger included, so a restored file is the store
    // as the migrations left it; and its AUTOINCREMENT counters, so a restored table never hands
    // out an id it used before.
    const store = open(path.join(rig.dataDir, 'pulse.sqlite'));
    const schemaOf = (d: Database.Database) =>
      d.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all();
    expect(schemaOf(db)).toEqual(schemaOf(store));
    const counters = (d: Database.Database) =>
      d.prepare("SELECT name, seq FROM sqlite_sequence WHERE name LIKE 'o2r_%' ORDER BY name").all();
    expect(counters(db)).toEqual(counters(store));
    expect(counters(db)).toContainEqual({ name: 'o2r_comments', seq: Number(gone) });
    store.close();
    db.close();
    // Within the day, opening again takes none.
    const again = createCore({ dataDir: rig.dataDir, host: 'test' });
    again.start();
    await again.close();
    expect(listBackups(rig.dataDir)).toHaveLength(1);
    expect(dailyBackupDue(rig.dataDir, Date.parse(backup.at) + DAILY_BACKUP_MS - 1000)).toBe(false);
    expect(dailyBackupDue(rig.dataDir, Date.parse(backup.at) + DAILY_BACKUP_MS)).toBe(true);
  });

  it('the app hosts take it a minute after start, not while the first screens load', async () => {
    const before = listBackups(rig.dataDir).length;
    // Made due: the newest backup is two days old.
    const [newest] = listBackups(rig.dataDir);
    const twoDaysAgo = new Date(Date.parse(newest.at) - 2 * DAILY_BACKUP_MS).toISOString().replace(/[:.]/g, '-');
    const aged = path.join(path.dirname(newest.file), `pulse-local-${twoDaysAgo}-daily.sqlite`);
    fs.renameSync(newest.file, aged);
    const core = createCore({
      dataDir: rig.dataDir,
      host: 'web',
      sync: { autoStart: false },
      o2r: { autoPush: false },
      backups: { firstLookMs: 1_000 }, // a minute in the app; shorter here
    });
    try {
      core.start();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(listBackups(rig.dataDir)).toHaveLength(before); // nothing at start
      await expect.poll(() => listBackups(rig.dataDir).length, { timeout: 5_000 }).toBe(before + 1);
      expect(listBackups(rig.dataDir)[0].reason).toBe('daily');
    } finally {
      await core.close();
    }
  });

  it(`keeps the newest ${BACKUPS_KEPT}`, async () => {
    const core = createCore({ dataDir: rig.dataDir, host: 'test' });
    const taken = [];
    for (let i = 0; i < BACKUPS_KEPT + 3; i++) taken.push(await core.ctx.backups.backupNow());
    await core.close();
    const kept = listBackups(rig.dataDir);
    expect(kept).toHaveLength(BACKUPS_KEPT);
    expect(kept.map((b) => b.file).sort()).toEqual(
      taken
        .slice(-BACKUPS_KEPT)
        .map((b) => b.file)
        .sort(),
    );
  });

  it('leaves a brand-new profile alone (nothing local to keep)', async () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir, host: 'test' });
    core.start();
    await core.close();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });
});

describe('a backup before every migration', () => {
  it('copies the local data as it was, then migrates', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pulse.sqlite');
    // A file as the previous version left it: one migration behind, with a blocker in it.
    const old = new Database(file);
    const previous = migrations.slice(0, -1);
    migrate(old, file, previous);
    old
      .prepare(
        "INSERT INTO o2r_blockers (deal_id, reason, opened_on, created_at) VALUES ('1', 'from the old version', '2026-01-01', '2026-01-01')",
      )
      .run();
    old.close();

    const store = openStore(dir);
    expect(store.appliedMigrations).toEqual([LATEST_SCHEMA_VERSION]);
    await store.close();
    const [backup] = listBackups(dir);
    expect(backup.reason).toBe(`before-migration-${LATEST_SCHEMA_VERSION}`);
    const db = open(backup.file);
    expect(db.pragma('user_version', { simple: true })).toBe(previous.at(-1)!.version);
    expect(db.prepare('SELECT reason FROM o2r_blockers').pluck().all()).toEqual(['from the old version']);
    db.close();
  });
});
