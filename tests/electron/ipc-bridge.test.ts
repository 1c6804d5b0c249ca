import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { bridgeCoreToIpc } from '../../src-main/electron/ipc-bridge';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../src-shared/contract/transport';
import { tempDir } from '../helpers/temp-dir';

/**
 * The Electron runtime cannot run on these machines (its binary cannot be downloaded), so this
 * test stands in a minimal fake for ipcMain and webContents — the only mocks in the suite — and
 * drives the real bridge and the real core behind it.
 */
function fakeElectron() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const sent: unknown[][] = [];
  const mainFrame = { url: 'app://bundle/index.html' };
  const contents = { id: 7, isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args), mainFrame };
  const ipcMain = {
    handle: (ch: string, fn: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(ch, fn),
    removeHandler: (ch: string) => handlers.delete(ch),
  };
  const invoke = (senderFrame: { url: string }, ...args: unknown[]) =>
    handlers.get(IPC_CALL_CHANNEL)!({ sender: contents, senderFrame }, ...args);
  return { ipcMain, contents, mainFrame, invoke, sent, handlers };
}

describe('the Electron IPC bridge', () => {
  let core: Core;
  afterEach(async () => core?.close());

  it('answers calls from the app window and pushes events to it', async () => {
    core = createCore({ dataDir: tempDir(), host: 'electron' });
    const e = fakeElectron();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    bridgeCoreToIpc(e.ipcMain as any, core, e.contents as any, 'app://bundle/index.html');
    const outcome = (await e.invoke(e.mainFrame, 'settings.update', { theme: 'dark' })) as { ok: boolean };
    expect(outcome.ok).toBe(true);
    expect(e.sent).toContainEqual([
      IPC_EVENT_CHANNEL,
      'data.changed',
      { topics: ['settings'], reason: 'settings updated' },
    ]);
  });

  it('rejects calls from any other frame or origin before they reach the core', async () => {
    core = createCore({ dataDir: tempDir(), host: 'electron' });
    const e = fakeElectron();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    bridgeCoreToIpc(e.ipcMain as any, core, e.contents as any, 'app://bundle/index.html');
    const iframe = { url: 'https://evil.example/' };
    const outcome = (await e.invoke(iframe, 'settings.update', { theme: 'dark' })) as {
      ok: boolean;
      error: { name: string };
    };
    expect(outcome.ok).toBe(false);
    expect(outcome.error.name).toBe('ForbiddenSenderError');
    const settings = await core.dispatch('settings.get', {});
    expect(settings.ok && (settings.result as { theme: string }).theme).toBe('system');
  });
});
