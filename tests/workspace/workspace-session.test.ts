import type { CallArgs, CallName, CallResult } from '../../src-shared/contract/calls';
/**
 * The workspace a host shows and switching it at run time (README "First run"), in plain Node:
 * real cores on real SQLite files, the real demo sandbox over HTTP. The hosts (pulse web, Electron)
 * put a transport in front of exactly this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/core';
import { demoDataDir } from '../../src-main/demo/demo-workspace';
import { readDemoChosen } from '../../src-main/workspace/demo-choice';
import { decideStart } from '../../src-main/workspace/start-decision';
import { WorkspaceSession } from '../../src-main/workspace/workspace-session';
import { tempDir } from '../helpers/temp-dir';

describe('which workspace opens at start', () => {
  it('a flag decides; else a connected account; else a demo chosen before; else the welcome screen', () => {
    const d = (savedConnection: boolean, demoChosen: boolean, flag: 'demo' | 'no-demo' | null = null) =>
      decideStart({ savedConnection, demoChosen, flag });
    expect(d(false, false)).toEqual({ mode: 'account', welcome: true });
    expect(d(false, true)).toEqual({ mode: 'demo', welcome: false });
    expect(d(true, true)).toEqual({ mode: 'account', welcome: false });
    expect(d(true, false, 'demo')).toEqual({ mode: 'demo', welcome: false });
    expect(d(false, false, 'no-demo')).toEqual({ mode: 'account', welcome: false });
  });
});

describe('a workspace session', () => {
  let session: WorkspaceSession | null = null;
  afterEach(async () => {
    await session?.close();
    session = null;
  });

  const start = (profileDir: string, flag: 'demo' | 'no-demo' | null = null) =>
    WorkspaceSession.start({
      profileDir,
      flag,
      createCore: (o) => createCore({ ...o, host: 'test', sync: { autoStart: false } }),
    });

  /** A typed call through the session, as the renderer makes them. */
  const ok = async <K extends CallName>(name: K, args?: CallArgs<K>): Promise<CallResult<K>> => {
    const outcome = await session!.dispatch(name, args ?? {});
    if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`);
    return outcome.result as CallResult<K>;
  };

  it('opens a fresh profile behind the welcome screen; choosing the demo switches, is remembered, and can be left', async () => {
    const profile = tempDir('pulse-ws-');
    session = await start(profile);
    expect(await ok('workspace.status')).toEqual({
      mode: 'account',
      welcome: true,
      canSwitch: true,
      id: 'account',
      name: 'Zoho CRM',
    });
    expect(await ok('app.info')).toMatchObject({ demo: false, dataDir: profile });

    const changed: unknown[] = [];
    session.subscribe((name, payload) => name === 'workspace.changed' && changed.push(payload));
    expect(await ok('workspace.open', { mode: 'demo' })).toEqual({ switching: true });
    // A call made during the switch waits for it and reaches the demo's core.
    expect(await ok('app.info')).toMatchObject({ demo: true, dataDir: demoDataDir(profile) });
    expect(changed).toEqual([{ mode: 'demo', id: 'demo' }]);
    expect(await ok('workspace.status')).toEqual({
      mode: 'demo',
      welcome: false,
      canSwitch: true,
      id: 'demo',
      name: 'Demo workspace',
    });
    expect((await ok('connection.status')).state).toBe('demo');
    expect(readDemoChosen(profile)).toBe(true);
    await session.close();

    // The next start opens the demo again, no welcome.
    session = await start(profile);
    expect(await ok('workspace.status')).toEqual({
      mode: 'demo',
      welcome: false,
      canSwitch: true,
      id: 'demo',
      name: 'Demo workspace',
    });

    // Leaving: the account's profile, the choice forgotten, the demo's data kept for a return.
    await ok('workspace.open', { mode: 'account' });
    expect(await ok('app.info')).toMatchObject({ demo: false, dataDir: profile });
    expect(readDemoChosen(profile)).toBe(false);
    expect(fs.existsSync(path.join(demoDataDir(profile), 'pulse.sqlite'))).toBe(true);
  });

  it('"Connect Zoho CRM" on the welcome screen stays on the account and closes the welcome', async () => {
    session = await start(tempDir('pulse-ws-'));
    expect(await ok('workspace.open', { mode: 'account' })).toEqual({ switching: false });
    expect(await ok('workspace.status')).toEqual({
      mode: 'account',
      welcome: false,
      canSwitch: true,
      id: 'account',
      name: 'Zoho CRM',
    });
  });

  it('resetting the demo deletes its data and its sandbox CRM, and starts from the seed again', async () => {
    const profile = tempDir('pulse-ws-');
    session = await start(profile, 'demo');
    const core = session.core;
    await core.ctx.sync.runToEnd('auto');
    const [first] = session.demo!.sandbox.dumpDeals();
    session.demo!.sandbox.core.editDeal(first.id, { Deal_Name: 'Changed in the demo CRM' });
    await core.ctx.sync.runToEnd('auto');
    expect((await ok('deals.get', { id: first.id }))!.name).toBe('Changed in the demo CRM');

    await ok('workspace.resetDemo');
    expect(await ok('app.info')).toMatchObject({ demo: true });
    expect(session.core).not.toBe(core);
    expect(session.demo!.sandbox.core.getDeal(first.id)?.Deal_Name).toBe(first.Deal_Name); // the seed again
    expect(await ok('sync.status')).toMatchObject({ dealCount: 0 }); // a fresh cache
  });

  it('a host without switching (the CLI) says why instead of switching', async () => {
    const core = createCore({ dataDir: tempDir(), host: 'test', sync: { autoStart: false } });
    try {
      const outcome = await core.dispatch('workspace.open', { mode: 'demo' });
      expect(outcome.ok ? null : outcome.error.code).toBe('WORKSPACE_SWITCH_UNAVAILABLE');
      expect(await core.dispatch('workspace.status', {})).toEqual({
        ok: true,
        result: { mode: 'account', welcome: false, canSwitch: false, id: 'account', name: 'Zoho CRM' },
      });
    } finally {
      await core.close();
    }
  });
});
