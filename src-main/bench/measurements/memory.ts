import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../cli/paths';
import { startSandboxProcess } from '../sandbox-process';
import type { Measurement } from '../types';

const N = 100_000;

/**
 * Peak memory (RSS high-water mark) of the main-process core after a full sync of 100,000 deals,
 * holding them and their O2R opportunities. The core runs in a fresh child process so nothing
 * else (the sandbox, other benchmarks) is counted.
 */
export const memory: Measurement = {
  id: 'memory',
  rows: ['peak RSS, core holding 100,000 deals after a full sync'],
  runs: 3,
  metrics: [{ key: 'mb', label: 'peak RSS', unit: 'MB' }],
  targets: [{ metric: 'mb', kind: 'max', limit: 300, label: '< 300 MB' }],
  async run(log) {
    const sb = await startSandboxProcess(['--deals', String(N), '--seed', '11']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-mem-'));
    try {
      const child = path.join(PACKAGE_ROOT, 'src-main', 'bench', 'memory-child.ts');
      const { client_id, client_secret, refresh_token } = sb.credentials;
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', child, dir, sb.baseUrl, client_id, client_secret, refresh_token],
        {
          cwd: PACKAGE_ROOT,
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        },
      );
      const r = JSON.parse(out.trim().split('\n').pop()!) as {
        deals: number;
        opportunities: number;
        peakRssMb: number;
      };
      if (r.deals !== N || r.opportunities !== N)
        throw new Error(`expected ${N} deals and opportunities, got ${r.deals} / ${r.opportunities}`);
      log(
        `  memory: peak ${r.peakRssMb.toFixed(0)} MB with ${r.deals.toLocaleString('en-US')} deals and opportunities`,
      );
      return [{ name: this.rows[0], values: { mb: r.peakRssMb } }];
    } finally {
      await sb.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
