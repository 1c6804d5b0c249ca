/**
 * Imported workspaces in the app hosts' session: the wizard's calls go through the session like
 * through a core, `workspace.open` with mode `import` switches to one (listeners hear
 * workspace.changed), the one open at quit opens again, and `--workspace` opens one directly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallArgs, CallName, CallResult } from '../../src-shared/contract/calls';
import { createCore, type Core } from '../../src-main/core/core';
import { WorkspaceSession } from '../../src-main/workspace/workspace-session';
import { sandboxDeals, zohoExportBytes } from '../helpers/zoho-export';
import { tempDir } from '../helpers/temp-dir';
import { importViaApi } from '../helpers/import';

describe('imported workspaces in a workspace session', () => {
  let session: WorkspaceSession | null = null;
  afterEach(async () => {
    await session?.close();
    session = null;
  });

  const start = (profileDir: string, opts: { flag?: 'demo' | 'no-demo' | null; openImport?: string } = {}) =>
    WorkspaceSession.start({
      profileDir,
      flag: opts.flag ?? null,
      openImport: opts.openImport,
      createCore: (o) => createCore({ ...o, host: 'test', sync: { autoStart: false } }),
    });

  /** A typed call through the session, as the renderer makes them. */
  const ok = async <K extends CallName>(name: K, args?: CallArgs<K>): Promise<CallResult<K>> => {
    const outcome = await session!.dispatch(name, args ?? {});
    if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`);
    return outcome.result as CallResult<K>;
  };

  it('imports, opens the imported workspace and back; it opens again at the next start', async () => {
    const profile = tempDir('pulse-ws-import-');
    session = await start(profile, { flag: 'no-demo' });
    const heard: unknown[] = [];
    session.subscribe((name, payload) => name === 'workspace.changed' && heard.push(payload));
    const r = await importViaApi(session as unknown as Core, zohoExportBytes(sandboxDeals(25)), {
      workspace: 'Q2 export',
    });
    expect(r.run?.total).toBe(25);
    const list = await ok('workspace.list');
    expect(list.current).toBe('account');
    expect(list.workspaces.map((w) => w.kind)).toEqual(['account', 'demo', 'import']);
    const imported = list.workspaces.find((w) => w.name === 'Q2 export')!;

    expect(await ok('workspace.open', { mode: 'import', id: imported.id })).toEqual({ switching: true });
    await expect.poll(() => heard.length).toBe(1);
    expect(heard[0]).toEqual({ mode: 'import', id: imported.id });
    expect(await ok('workspace.status')).toMatchObject({ mode: 'import', id: imported.id, name: 'Q2 export' });
    expect(await ok('app.info')).toMatchObject({
      workspace: { id: imported.id, name: 'Q2 export', kind: 'import' },
      canSwitchWorkspace: true,
    });
    expect((await ok('o2r.list')).total).toBe(25);
    expect((await ok('sync.status')).dealCount).toBe(25);
    // No CRM data can reach it.
    await expect(ok('sync.run', { kind: 'full' })).rejects.toThrow(/never connected to or synced with Zoho CRM/);

    await session.close();
    session = await start(profile);
    expect(await ok('workspace.status')).toMatchObject({ mode: 'import', id: imported.id, welcome: false });
    await ok('workspace.open', { mode: 'account' });
    await expect.poll(async () => (await ok('workspace.status')).mode).toBe('account');
    expect((await ok('sync.status')).dealCount).toBe(0);
    await session.close();
    session = await start(profile);
    expect(await ok('workspace.status')).toMatchObject({ mode: 'account' });
  });

  it('opens an imported workspace by --workspace, and refuses an unknown id', async () => {
    const profile = tempDir('pulse-ws-import-');
    session = await start(profile, { flag: 'no-demo' });
    await importViaApi(session as unknown as Core, zohoExportBytes(sandboxDeals(5)), { workspace: 'Small' });
    const id = (await ok('workspace.list')).workspaces.find((w) => w.name === 'Small')!.id;
    await session.close();
    session = await start(profile, { openImport: id });
    expect(await ok('workspace.status')).toMatchObject({ mode: 'import', name: 'Small' });
    const bad = await session.dispatch('workspace.open', { mode: 'import', id: 'import:nope' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.name).toBe('WorkspaceNotFoundError');
    const noId = await session.dispatch('workspace.open', { mode: 'import' });
    expect(noId.ok).toBe(false);
  });
});
