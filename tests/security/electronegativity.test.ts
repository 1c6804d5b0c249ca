/**
 * The Electron security check CI runs (scripts/security-check.mjs, @doyensec/electronegativity): the
 * app's own sources pass, and it fails both on a deliberately insecure app and on our real window
 * with one checklist option turned off.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, REVIEWED, scan, stageSources } from '../../scripts/security-check.mjs';
import { REPO_ROOT } from '../helpers/pulse-process';

const failedChecks = (failures: { check: string; file: string; severity: string }[]) =>
  failures.map((f) => `${f.severity} ${f.check} ${f.file}`).sort();

describe('the Electron security check', () => {
  it('passes on the app: no HIGH finding, every MEDIUM one reviewed, and no review is stale', async () => {
    const dir = stageSources();
    const result = await scan(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.errors.filter((e) => !e.tolerable)).toEqual([]);
    expect(judge(result)).toEqual([]);
    for (const r of REVIEWED)
      expect(
        result.findings.filter((f) => f.check === r.check && f.file === r.file).length,
        `${r.check} in ${r.file}`,
      ).toBe(r.count);
  });

  it('fails on a deliberately insecure app (context isolation off, no navigation limits, http content…)', async () => {
    const failures = judge(await scan(path.join(REPO_ROOT, 'tests/fixtures/insecure-electron')));
    expect(failedChecks(failures)).toEqual(
      expect.arrayContaining([
        'HIGH CONTEXT_ISOLATION_JS_CHECK main.js',
        'HIGH LIMIT_NAVIGATION_GLOBAL_CHECK N/A',
        'MEDIUM SANDBOX_JS_CHECK main.js',
        'MEDIUM WEB_SECURITY_JS_CHECK main.js',
        'MEDIUM INSECURE_CONTENT_JS_CHECK main.js',
        'MEDIUM PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK N/A',
      ]),
    );
  });

  it('fails on our own window with one option turned off', async () => {
    const dir = stageSources();
    const file = path.join(dir, 'src-main/electron/window-options.ts');
    const source = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, source.replace('contextIsolation: true', 'contextIsolation: false'));
    expect(failedChecks(judge(await scan(dir)))).toEqual([
      'HIGH CONTEXT_ISOLATION_JS_CHECK src-main/electron/window-options.ts',
    ]);
    fs.writeFileSync(file, source.replace('sandbox: true', 'sandbox: false'));
    expect(failedChecks(judge(await scan(dir)))).toEqual([
      'MEDIUM SANDBOX_JS_CHECK src-main/electron/window-options.ts',
    ]);
  });
});
