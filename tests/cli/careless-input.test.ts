import Database from 'better-sqlite3';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';
import { pulseInProcess } from '../helpers/cli-in-process';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';

/** Issue 18: numbers and ports a user did not mean must be refused, with nothing queued for Zoho. */
describe('careless numbers on the command line', () => {
  let rig: O2RRig;
  let dealId: string;
  beforeAll(async () => {
    rig = await o2rRig({ deals: 10 });
    dealId = rig.sb.dumpDeals()[0].id;
    await rig.core.close(); // the CLI opens the data folder itself
  });
  afterAll(async () => rig?.sb.close());

  const queued = () => {
    const db = new Database(path.join(rig.dataDir, 'pulse.sqlite'), { readonly: true });
    try {
      return db.prepare("SELECT new_value FROM o2r_edits WHERE field = 'probability'").pluck().all();
    } finally {
      db.close();
    }
  };

  it('refuses --probability "", 0x10, 0b101, 1e1 and other non-decimal values (defect 5)', async () => {
    for (const value of ['', ' ', '0x10', '0b101', '1e1', '0o7', '7.5', '-1', '101', '+5', 'Infinity']) {
      const r = await pulseInProcess(['o2r', 'edit', dealId, '--probability', value, '--data-dir', rig.dataDir]);
      expect(r.code, `--probability ${JSON.stringify(value)}`).toBe(2);
      expect(r.stderr).toMatch(
        value === '-1'
          ? /'--probability' argument is ambiguous/
          : /--probability must be a whole number from 0 to 100, got/,
      );
    }
    expect(queued()).toEqual([]);
    // A real number still works (surrounding spaces are forgiven).
    const ok = await pulseInProcess(['o2r', 'edit', dealId, '--probability', ' 42 ', '--data-dir', rig.dataDir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(queued()).toEqual(['42']);
  });

  it('refuses other numeric flags written in hex, binary or exponent form', async () => {
    for (const argv of [
      ['o2r', 'list', '--limit', '0x10'],
      ['o2r', 'list', '--phase', '5'],
      ['o2r', 'resolve', '1e0', 'keep_mine'],
    ]) {
      const r = await pulseInProcess([...argv, '--data-dir', rig.dataDir]);
      expect(r.code, argv.join(' ')).toBe(2);
    }
  });
});

describe('pulse web --port', () => {
  it('rejects a port out of range with one usage line, no stack (weak spot)', async () => {
    const r = await runPulse(['web', '--port', '99999', '--data-dir', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('pulse web: --port must be a whole number from 0 to 65535, got "99999"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which port is taken and what to do, in one line', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runPulse(['web', '--port', String(port), '--data-dir', tempDir()]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `pulse web: PortUnavailableError: Port ${port} on 127.0.0.1 is already in use. Choose another with --port, or leave --port out to use a free one.`,
      );
    } finally {
      blocker.close();
    }
  });
});
