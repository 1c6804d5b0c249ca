import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/core';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';

/** Issue 18 weak spots: who may read the data folder, and what a user is told when it is unusable. */

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('the data folder is private', () => {
  it('is created 0700 with pulse.sqlite 0600, and an existing 0755/0644 one is tightened on open', async () => {
    const dir = path.join(tempDir(), 'profile', 'nested');
    let core = createCore({ dataDir: dir, host: 'test' });
    const file = core.ctx.store.file;
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.dirname(dir))).toBe(0o700); // every folder it created
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    await core.close();

    // As an older version left it: readable by every local user.
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(file, 0o644);
    core = createCore({ dataDir: dir, host: 'test' });
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    await core.close();
  });

  it('leaves a shared sticky folder (like /tmp) as it is', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o1777);
    const core = createCore({ dataDir: dir, host: 'test' });
    expect(fs.statSync(dir).mode & 0o7777).toBe(0o1777);
    expect(mode(core.ctx.store.file)).toBe(0o600);
    await core.close();
  });
});

describe('an unusable data folder is explained in one sentence (real `pulse` process)', () => {
  it('a file given as --data-dir', async () => {
    const file = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'mine');
    for (const dir of [file, path.join(file, 'sub')]) {
      const r = await runPulse(['status', '--data-dir', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/DataFolderError: .*(is a file, not a folder|part of that path is a file)/);
      expect(r.stderr).not.toMatch(/EEXIST|mkdir/);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });
});

/** Root may write anywhere: the read-only case runs as "nobody" then. */
const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const canDropPrivileges = process.platform === 'linux';

describe.skipIf(!canDropPrivileges)('a read-only data folder (real `pulse` process)', () => {
  let rig: O2RRig;
  let dir: string;
  let dealId: string;
  beforeAll(async () => {
    rig = await o2rRig({ deals: 12 });
    dealId = rig.sb.dumpDeals()[0].id;
    await rig.core.close();
    await rig.sb.close();
    // A copy in a folder "nobody" can read (and, being root's, not write).
    dir = path.join(tempDir(), 'readonly');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(rig.dataDir, 'pulse.sqlite'), path.join(dir, 'pulse.sqlite'));
    fs.chmodSync(path.dirname(dir), 0o755);
    fs.chmodSync(dir, 0o555);
    fs.chmodSync(path.join(dir, 'pulse.sqlite'), 0o444);
  });
  afterAll(() => fs.chmodSync(dir, 0o755));

  it('status and export still work', async () => {
    const status = await runPulse(['status', '--data-dir', dir, '--json'], { HOME: '/tmp' }, asOther);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ dealCount: 12 });
    const exported = await runPulse(['export', 'deals', '--format', 'csv', '--data-dir', dir], {}, asOther);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(13);
    const opps = await runPulse(['export', 'opportunities', '--format', 'json', '--data-dir', dir], {}, asOther);
    expect(opps.code, opps.stderr).toBe(0);
    expect(JSON.parse(opps.stdout)).toHaveLength(12);
    expect(fs.readdirSync(dir)).toEqual(['pulse.sqlite']); // nothing was (or could be) written
  });

  it('a change says the folder is read-only and what to do, instead of "attempt to write a readonly database"', async () => {
    const edit = await runPulse(['o2r', 'edit', dealId, '--kickoff', '2026-01-05', '--data-dir', dir], {}, asOther);
    expect(edit.code).toBe(1);
    expect(edit.stderr).toMatch(/ReadOnlyDataError: The data folder .*readonly is read-only for this user/);
    expect(edit.stderr).toMatch(/Make it writable/);
    expect(edit.stderr).not.toMatch(/attempt to write/);
    const sync = await runPulse(['sync', '--data-dir', dir], {}, asOther);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toMatch(/ReadOnlyDataError/);
  });
});
