import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { tempDir } from '../helpers/temp-dir';
import { sandboxDeals, zohoExportBytes } from '../helpers/zoho-export';
import { importViaApi } from '../helpers/import';

/**
 * Where an export goes is the host's only say: the desktop app passes `chooseSavePath` (its save
 * dialog — the Electron call itself is the one thing not run here), the core writes the file there;
 * cancelling writes nothing. Without the hook (the browser host) the bytes come back to download.
 */
describe('export delivery', () => {
  let core: Core | undefined;
  afterEach(async () => core?.close());

  async function coreWith(choose?: (name: string) => Promise<string | null>) {
    const profileDir = tempDir('pulse-save-');
    core = createCore({
      dataDir: profileDir,
      profileDir,
      host: 'test',
      sync: { autoStart: false },
      chooseSavePath: choose,
    });
    return core;
  }

  it('saves to the path the dialog returns, and nothing when cancelled', async () => {
    const target = path.join(tempDir('pulse-save-out-'), 'my deals.xlsx');
    const asked: string[] = [];
    let answer: string | null = target;
    const c = await coreWith(async (name) => (asked.push(name), answer));
    const saved = await c.dispatch('export.create', { what: 'deals', format: 'xlsx' });
    expect(saved).toMatchObject({ ok: true, result: { delivery: 'saved', path: target, rows: 0 } });
    expect(asked[0]).toMatch(/^deals-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(fs.readFileSync(target).subarray(0, 2).toString()).toBe('PK'); // a zip: .xlsx
    answer = null;
    fs.rmSync(target);
    expect(await c.dispatch('export.create', { what: 'deals', format: 'csv' })).toEqual({
      ok: true,
      result: { delivery: 'cancelled' },
    });
    expect(fs.existsSync(target)).toBe(false);
  });

  it('returns the bytes for a browser download when the host has no save dialog', async () => {
    const c = await coreWith();
    const r = await importViaApi(c, zohoExportBytes(sandboxDeals(5)));
    expect(r.run?.total).toBe(5);
    const out = await c.dispatch('export.create', { what: 'deals', format: 'json' });
    expect(out).toMatchObject({ ok: true, result: { delivery: 'download', mime: 'application/json', rows: 0 } });
  });
});
