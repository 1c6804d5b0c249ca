import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import type { DealRecord } from '../../src-main/sandbox/index';
import { sandboxDeals, zohoExportBytes } from '../helpers/zoho-export';
import { call, importViaApi, profileCore, typedDeals, workspaceDeals, workspaceDir } from '../helpers/import';

/**
 * An imported dataset lives in its own workspace: re-importing a newer export of the same org
 * updates it by record id and reports what was added, changed and removed; the CRM workspace never
 * sees it; an imported workspace cannot be connected to Zoho or synced.
 */
describe('imported workspaces', () => {
  const cores: Core[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
  });
  const track = (c: Core) => (cores.push(c), c);

  function newerExport(deals: DealRecord[]): DealRecord[] {
    const next = deals.slice(4).map((d) => ({ ...d })); // the first 4 deals were deleted in the CRM
    for (const d of next.slice(0, 5)) d.Amount = (d.Amount as number) + 1000;
    for (const d of next.slice(5, 8)) d.Deal_Name = `${d.Deal_Name} (renewed)`;
    return [...next, ...sandboxDeals(66, 99).slice(60)]; // 6 new deals (other ids)
  }

  it('re-import updates by record id and reports added, changed and removed', async () => {
    const core = track(profileCore());
    const deals = sandboxDeals(60);
    expect((await importViaApi(core, zohoExportBytes(deals))).run).toMatchObject({ added: 60, changed: 0, removed: 0 });
    const newer = newerExport(deals);
    const again = await importViaApi(core, zohoExportBytes(newer));
    expect(again.check.diff).toEqual({ added: 6, changed: 8, unchanged: 48, removed: 4, before: 60 });
    expect(again.run).toMatchObject({ added: 6, changed: 8, removed: 4, unchanged: 48, total: 62 });
    const stored = await workspaceDeals(workspaceDir(core));
    expect([...stored.keys()].sort()).toEqual(newer.map((d) => d.id).sort());
    expect(stored.get(newer[0].id)?.amount).toBe(newer[0].Amount);
    expect(stored.get(newer[6].id)?.name).toMatch(/\(renewed\)$/);
    // The workspace remembers its last import (listed without opening its store).
    const list = await call(core, 'workspace.list', {});
    expect(list.workspaces.find((w) => w.kind === 'import')).toMatchObject({
      name: 'Zoho CSV import',
      lastImport: { total: 62, added: 6, changed: 8, removed: 4, file: 'Deals_export.csv' },
    });
    // The CRM workspace (the profile folder) has none of it.
    expect(typedDeals(core.ctx.store.sqlite).size).toBe(0);
  });

  it('asks before an import removes more deals than the fail-safe allows', async () => {
    const core = track(profileCore());
    const deals = sandboxDeals(60);
    await importViaApi(core, zohoExportBytes(deals));
    const few = await importViaApi(core, zohoExportBytes(deals.slice(0, 20)));
    expect(few.check.removalsNeedConfirm).toBe(true);
    expect(few.error?.name).toBe('ImportRemovalsError');
    expect(few.error?.message).toMatch(/would remove 40 of the 60 deals/);
    expect((await workspaceDeals(workspaceDir(core))).size).toBe(60);
    const confirmed = await importViaApi(core, zohoExportBytes(deals.slice(0, 20)), { confirmRemovals: true });
    expect(confirmed.run).toMatchObject({ removed: 40, total: 20 });
  });

  it('the open imported workspace refreshes its O2R view after a re-import, and refuses CRM calls', async () => {
    const profile = track(profileCore());
    const deals = sandboxDeals(30);
    await importViaApi(profile, zohoExportBytes(deals));
    const ws = profile.ctx.workspaces.imports()[0];
    const core = track(
      createCore({
        dataDir: ws.dataDir,
        profileDir: profile.ctx.workspaces.profileDir,
        workspaceInfo: { id: ws.id, name: ws.name, kind: 'import' },
        host: 'test',
        sync: { autoStart: false },
      }),
    );
    expect((await call(core, 'o2r.list', {})).total).toBe(30);
    expect((await call(core, 'app.info', {})).workspace).toEqual({
      id: ws.id,
      name: 'Zoho CSV import',
      kind: 'import',
    });
    const r = await importViaApi(core, zohoExportBytes(deals.slice(0, 25)));
    expect(r.run).toMatchObject({ removed: 5, workspace: { id: ws.id } });
    expect((await call(core, 'o2r.list', {})).total).toBe(25);
    for (const [name, args] of [
      ['connection.connectWithRefreshToken', { clientId: 'x', clientSecret: 'y', refreshToken: 'z' }],
      ['sync.run', { kind: 'full' }],
      ['o2r.edit', { id: deals[0].id, changes: { po: '2026-01-02' } }],
    ] as const) {
      const outcome = await core.dispatch(name, args);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok)
        expect(outcome.error).toMatchObject({
          name: 'WorkspaceError',
          message: expect.stringMatching(/never connected to or synced with Zoho CRM/),
        });
    }
  });

  it('keeps two imported workspaces apart and remembers a mapping choice for next time', async () => {
    const core = track(profileCore());
    const text = zohoExportBytes(sandboxDeals(10)).toString('utf8').replace('Kick-off Date', 'Project go-live');
    const first = await importViaApi(core, Buffer.from(text), {
      workspace: 'APAC Q2',
      mapping: { 'Project go-live': 'kickoff' },
    });
    expect(first.analysis.mapping['Project go-live']).toBe('extra');
    expect(first.run?.workspace.name).toBe('APAC Q2');
    const second = await importViaApi(core, zohoExportBytes(sandboxDeals(12, 5)), { workspace: 'EMEA' });
    expect(second.run?.total).toBe(12);
    expect((await workspaceDeals(workspaceDir(core, 'APAC Q2'))).size).toBe(10);
    expect((await workspaceDeals(workspaceDir(core, 'EMEA'))).size).toBe(12);
    const later = await importViaApi(core, Buffer.from(text), { workspace: 'APAC Q2', run: false });
    expect(later.analysis.mapping['Project go-live']).toBe('kickoff');
    expect(later.analysis.workspaces).toEqual(['APAC Q2', 'EMEA']);
  });
});
