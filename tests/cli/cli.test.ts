import { describe, expect, it } from 'vitest';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';

describe('the pulse CLI (real process)', () => {
  it('prints help with exit 0, and exit 2 for an unknown command or flag', async () => {
    const help = await runPulse(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/status\s+Show the connection/);
    const unknown = await runPulse(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const badFlag = await runPulse(['status', '--nope']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option '--nope'/);
  });

  it('reports status as JSON for a fresh data directory', async () => {
    const dir = tempDir();
    const r = await runPulse(['status', '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      dataDir: dir,
      connection: 'disconnected',
      dealCount: 0,
      lastSyncAt: null,
    });
  });

  it('exits 1 with one clear line when the data directory holds a newer database', async () => {
    const dir = tempDir();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(`${dir}/pulse.sqlite`);
    db.pragma('user_version = 999');
    db.close();
    const r = await runPulse(['status', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/SchemaTooNewError: .*newer version of Pipeline Pulse/);
  });
});
