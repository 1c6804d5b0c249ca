import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, SchemaTooNewError, migrate } from '../../src-main/core/store/migrate';
import { openStore, STORE_FILE_NAME } from '../../src-main/core/store/open-store';
import type { Migration } from '../../src-main/core/store/migrations/types';
import { tempDir } from '../helpers/temp-dir';

describe('store migrations (real SQLite files)', () => {
  it('migrates a new file, and a reopen runs no migration twice', async () => {
    const dir = tempDir();
    const first = openStore(dir);
    expect(first.appliedMigrations).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    await first.close();

    const second = openStore(dir);
    expect(second.appliedMigrations).toEqual([]);
    const log = second.sqlite.prepare('SELECT version FROM migration_log ORDER BY version').all() as {
      version: number;
    }[];
    expect(log.map((r) => r.version)).toEqual(first.appliedMigrations);
    expect(second.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    await second.close();
  });

  it('refuses a database written by a newer version, with a clear message, and leaves it untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, STORE_FILE_NAME);
    const raw = new Database(file);
    raw.exec('CREATE TABLE future_stuff (x)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();

    let caught: unknown;
    try {
      openStore(dir);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SchemaTooNewError);
    expect((caught as Error).message).toMatch(/newer version of Pipeline Pulse/);
    expect((caught as Error).message).toContain(file);

    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 5);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'deals'").get()).toBeUndefined();
    check.close();
  });

  it('rolls a failing migration back completely, keeping the previous version', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x)') },
      {
        version: 2,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE b (x)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, ':memory:', steps)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });
});
