import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/core';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';
import { pulseInProcess } from '../helpers/cli-in-process';
import { damageHeader, damageTable, rowsOf } from '../helpers/damage';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';

/**
 * Issue 18, "Must show": the damaged-file path end to end. A data folder with blockers, comments,
 * review notes and marks, a strategic flag, queued edits, settings and a currency override gets
 * its daily backup, then more local work; a copy is damaged, opening it gives the message,
 * `pulse restore` rebuilds it and syncs again from the sandbox (over HTTP, the ZOHO_* route).
 */

/** Everything that exists only on this computer, in a comparable form. */
function localData(dir: string) {
  const file = path.join(dir, 'pulse.sqlite');
  return {
    blockers: rowsOf(file, 'SELECT deal_id, reason, opened_on, resolved_on, resolution FROM o2r_blockers ORDER BY id'),
    comments: rowsOf(file, 'SELECT deal_id, text, created_at FROM o2r_comments ORDER BY id'),
    notes: rowsOf(file, 'SELECT week, deal_id, note, reviewed_at FROM o2r_review_notes ORDER BY week, deal_id'),
    strategic: rowsOf(file, 'SELECT deal_id FROM o2r_flags WHERE strategic = 1 ORDER BY deal_id'),
    queuedEdits: rowsOf(
      file,
      "SELECT deal_id, field, base_value, new_value, status FROM o2r_edits WHERE status <> 'confirmed' ORDER BY id",
    ),
    settings: rowsOf(file, 'SELECT key, value FROM settings ORDER BY key'),
    overrides: rowsOf(file, 'SELECT iso_code, rate FROM currency_overrides'),
  };
}

describe('restoring a damaged data file, end to end', () => {
  let rig: O2RRig;
  let env: NodeJS.ProcessEnv;
  let ids: string[];
  let original: ReturnType<typeof localData>;
  let atBackup: ReturnType<typeof localData>;

  beforeAll(async () => {
    rig = await o2rRig({ deals: 30 });
    ids = rig.sb.dumpDeals().map((d) => d.id);
    const call = rig.call.bind(rig);
    const blocker = await call('o2r.blockers.add', { id: ids[0], reason: 'Legal review of the MSA' });
    await call('o2r.blockers.add', { id: ids[1], reason: 'Budget freeze', openedOn: '2026-01-10' });
    await call('o2r.blockers.resolve', { blockerId: blocker.id, resolution: 'Signed' });
    await call('o2r.comment', { id: ids[0], text: 'CFO wants a phased rollout' });
    await call('o2r.review.setNote', { id: ids[2], note: 'Slipping: chase the PO' });
    await call('o2r.review.markReviewed', { id: ids[3] });
    await call('o2r.setStrategic', { id: ids[4], strategic: true });
    await call('o2r.edit', { id: ids[5], changes: { kickoff: '2026-05-04', probability: 70 }, push: false });
    await call('settings.update', { theme: 'dark', deltaIntervalMinutes: 30 });
    await call('currency.setOverride', { isoCode: 'USD', rate: 0.75 });
    await rig.core.close();
    // The daily backup (taken at the next open), then more work the backup does not have.
    expect((await runPulse(['backup', '--data-dir', rig.dataDir])).code).toBe(0);
    atBackup = localData(rig.dataDir);
    const core = createCore({ dataDir: rig.dataDir, host: 'test', sync: { autoStart: false } });
    await core.dispatch('o2r.comment', { id: ids[6], text: 'Added after the backup' });
    await core.dispatch('o2r.blockers.add', { id: ids[7], reason: 'Added after the backup too' });
    await core.close();
    original = localData(rig.dataDir);
    env = {
      ZOHO_CLIENT_ID: rig.sb.demoClient.clientId,
      ZOHO_CLIENT_SECRET: rig.sb.demoClient.clientSecret,
      ZOHO_REFRESH_TOKEN: rig.sb.issueRefreshToken(),
      ZOHO_ACCOUNTS_URL: rig.sb.baseUrl,
      ZOHO_BASE_URL: rig.sb.baseUrl,
    };
  });
  afterAll(async () => rig?.sb.close());

  /** A copy of the data folder (backups included), as a user would copy it before experimenting. */
  const copy = () => {
    const dir = tempDir('pulse-restore-');
    fs.cpSync(rig.dataDir, dir, { recursive: true });
    return dir;
  };

  it('damage in the deals cache: message, restore, re-sync — every blocker, comment, note and queued edit is back (real processes)', async () => {
    const dir = copy();
    damageTable(path.join(dir, 'pulse.sqlite'), 'deals');

    // Damage in the cache is met when the deals are read (the O2R list reads every one).
    const list = await runPulse(['o2r', 'list', '--data-dir', dir]);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(`The data file ${path.join(dir, 'pulse.sqlite')} is damaged`);
    expect(list.stderr).toContain(`pulse restore --data-dir "${dir}"`);

    const restore = await runPulse(['restore', '--data-dir', dir], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored from the backup of /);
    expect(restore.stdout).toMatch(/Taken from the damaged file \(newer than the backup\): .*o2r_comments/);
    expect(restore.stdout).toMatch(/Synced \(full\): 30 added/);

    // Every local row is back, including what was added after the backup (salvaged).
    expect(localData(dir)).toEqual(original);
    const show = await runPulse(['o2r', 'show', ids[5], '--data-dir', dir, '--json']);
    const detail = JSON.parse(show.stdout);
    expect(detail.opportunity.milestones.find((m: { role: string }) => m.role === 'kickoff').date).toBe('2026-05-04');
    expect(detail.edits.filter((e: { status: string }) => e.status === 'pending')).toHaveLength(2);
    const status2 = await runPulse(['status', '--data-dir', dir, '--json']);
    expect(JSON.parse(status2.stdout)).toMatchObject({ dealCount: 30 });
    // The damaged file is kept, not deleted.
    const kept = fs.readdirSync(path.join(dir, 'damaged'));
    expect(kept).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'damaged', kept[0], 'pulse.sqlite'))).toBe(true);
  });

  it('a damaged local table comes back from the backup; the other tables keep their newer rows', async () => {
    const dir = copy();
    damageTable(path.join(dir, 'pulse.sqlite'), 'o2r_comments');
    expect((await pulseInProcess(['status', '--data-dir', dir])).stderr).toMatch(/the o2r_comments table fails/);
    const r = await pulseInProcess(['restore', '--data-dir', dir, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.split('\n')[0]);
    expect(report.salvaged).not.toContain('o2r_comments');
    expect(report.salvaged).toContain('o2r_blockers');
    const now = localData(dir);
    expect(now.comments).toEqual(atBackup.comments); // the one comment added after the backup is lost
    expect({ ...now, comments: null }).toEqual({ ...original, comments: null });
  });

  it('a file that is no database at all: everything from the newest backup', async () => {
    const dir = copy();
    damageHeader(path.join(dir, 'pulse.sqlite'));
    const r = await pulseInProcess(['restore', '--data-dir', dir, '--no-sync'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/The deals cache is empty: run `pulse sync`/);
    expect(localData(dir)).toEqual(atBackup);
  });

  it('refuses to "restore" a sound file, and lists the backups with what they hold', async () => {
    const dir = copy();
    const r = await pulseInProcess(['restore', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/RestoreError: The data file .* is not damaged: there is nothing to restore/);
    const list = await pulseInProcess(['restore', '--list', '--data-dir', dir]);
    expect(list.stdout).toMatch(
      /pulse-local-.*-manual\.sqlite .* 2 blocker\(s\), 1 comment\(s\), 2 review note\(s\), 2 queued edit\(s\), 1 strategic flag\(s\)/,
    );
  });
});
