import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';
import { pulseInProcess } from '../helpers/cli-in-process';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Issue 18, defect 6: `pulse export … --out D/pulse.sqlite --data-dir D` replaced the live database. */
describe('an export never overwrites Pipeline Pulse’s own files', () => {
  let rig: O2RRig;
  let dir: string;
  let store: string;
  beforeAll(async () => {
    rig = await o2rRig({ deals: 8 });
    await rig.call('o2r.blockers.add', { id: rig.sb.dumpDeals()[0].id, reason: 'Waiting for legal' });
    await rig.core.close();
    dir = rig.dataDir;
    store = path.join(dir, 'pulse.sqlite');
  });
  afterAll(async () => rig?.sb.close());

  it('refuses the data file itself, in one line, and leaves it untouched (real process)', async () => {
    const before = digest(store);
    const r = await runPulse(['export', 'deals', '--format', 'json', '--out', store, '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^pulse export: ProtectedFileError: .*pulse\.sqlite is part of Pipeline Pulse's own data .*Choose another file\.$/,
    );
    expect(digest(store)).toBe(before);
    const status = await runPulse(['status', '--data-dir', dir, '--json']);
    expect(JSON.parse(status.stdout).dealCount).toBe(8);
  });

  it('refuses its companions, the backups folder, links to it, and any other data file or database', async () => {
    const before = digest(store);
    const elsewhere = tempDir('pulse-links-');
    const symlink = path.join(elsewhere, 'looks-harmless.json');
    fs.symlinkSync(store, symlink);
    const hardlink = path.join(elsewhere, 'also-harmless.json');
    fs.linkSync(store, hardlink);
    const relative = path.relative(process.cwd(), store);
    // Another workspace's data file (the demo's, an imported one) and a database under another name.
    const otherWorkspace = path.join(elsewhere, 'demo-workspace', 'pulse.sqlite');
    fs.mkdirSync(path.dirname(otherWorkspace));
    fs.copyFileSync(store, otherWorkspace);
    const renamedDb = path.join(elsewhere, 'archive.db');
    fs.copyFileSync(store, renamedDb);
    for (const out of [
      `${store}-wal`,
      `${store}-shm`,
      path.join(dir, 'backups', 'mine.csv'),
      path.join(dir, '.', 'sub', '..', 'pulse.sqlite'),
      relative,
      symlink,
      hardlink,
      otherWorkspace,
      renamedDb,
    ]) {
      for (const what of ['deals', 'opportunities']) {
        const r = await pulseInProcess(['export', what, '--format', 'csv', '--out', out, '--data-dir', dir]);
        expect(r.code, `${what} → ${out}`).toBe(1);
        expect(r.stderr).toMatch(/ProtectedFileError/);
      }
    }
    expect(digest(store)).toBe(before);
    expect(digest(otherWorkspace)).toBe(before);
    expect(digest(renamedDb)).toBe(before);
  });

  it('still exports anywhere else, replacing an older export only once the new one is complete', async () => {
    const out = path.join(tempDir('pulse-out-'), 'deals.csv');
    fs.writeFileSync(out, 'old export\n');
    const r = await pulseInProcess(['export', 'deals', '--format', 'csv', '--out', out, '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(9);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['deals.csv']); // no temp file left behind
  });
});
