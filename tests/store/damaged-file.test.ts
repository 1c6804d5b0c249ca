import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';
import { damageHeader, damageTable, rowsOf } from '../helpers/damage';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';

/** Issue 18: a damaged data file is reported with its path and what to do, and never half-written. */
describe('a damaged data file (real `pulse` process)', () => {
  let rig: O2RRig;
  let dealId: string;
  beforeAll(async () => {
    rig = await o2rRig({ deals: 12 });
    dealId = rig.sb.dumpDeals()[2].id;
    await rig.call('o2r.edit', { id: dealId, changes: { proposal: '2026-02-02' }, push: false });
    await rig.call('o2r.list', {}); // records this week's health history
    await rig.core.close();
  });
  afterAll(async () => rig?.sb.close());

  const copyOf = () => {
    const dir = tempDir('pulse-damaged-');
    fs.copyFileSync(path.join(rig.dataDir, 'pulse.sqlite'), path.join(dir, 'pulse.sqlite'));
    return dir;
  };

  it('"not a database": names the file and the way out, and creates no -wal/-shm next to it', async () => {
    const dir = copyOf();
    damageHeader(path.join(dir, 'pulse.sqlite'));
    const r = await runPulse(['status', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`The data file ${path.join(dir, 'pulse.sqlite')} is damaged`);
    expect(r.stderr).toContain(`pulse restore --data-dir "${dir}"`);
    expect(r.stderr).not.toMatch(/file is not a database$/);
    expect(fs.readdirSync(dir)).toEqual(['pulse.sqlite']);
  });

  it('an edit on a file whose local tables are damaged fails and saves nothing (defect 8)', async () => {
    const dir = copyOf();
    const file = path.join(dir, 'pulse.sqlite');
    const editsBefore = rowsOf(file, 'SELECT * FROM o2r_edits');
    const flagsBefore = rowsOf(file, 'SELECT * FROM o2r_flags');
    damageTable(file, 'o2r_health_history');
    const r = await runPulse(['o2r', 'edit', dealId, '--kickoff', '2026-03-03', '--data-dir', dir]);
    expect(r.code).toBe(1);
    // Before: exit 1 "database disk image is malformed", yet the edit and its flag row were committed.
    expect(rowsOf(file, 'SELECT * FROM o2r_edits')).toEqual(editsBefore);
    expect(rowsOf(file, 'SELECT * FROM o2r_flags')).toEqual(flagsBefore);
    expect(r.stderr).toMatch(/DatabaseDamagedError: The data file .* is damaged \(the o2r_health_history table/);
    expect(r.stderr).toContain('pulse restore');
  });

  it('damage in the deals cache met during a command is explained the same way', async () => {
    const dir = copyOf();
    damageTable(path.join(dir, 'pulse.sqlite'), 'deals');
    const r = await runPulse(['export', 'deals', '--format', 'json', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /DatabaseDamagedError: The data file .*pulse\.sqlite is damaged \(database disk image is malformed\)/,
    );
  });
});
