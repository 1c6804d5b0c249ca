/**
 * The tray and the OS notifications against a real core (real SQLite, the real Zoho client against
 * the sandbox over HTTP). Electron's Tray and Notification cannot run here, so the test stands in
 * a recording view for the tray and a recording function for the OS notification: that is all the
 * Electron side (tray.ts, main.ts) does with what these controllers decide.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NoticeTarget } from '../../src-shared/contract/notice-schemas';
import { forwardNoticesToOs, type WindowLook } from '../../src-main/electron/desktop-notices';
import { TrayController } from '../../src-main/electron/tray-controller';
import type { TrayModel } from '../../src-main/electron/tray-model';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';

let r: O2RRig | null = null;
let controller: TrayController | null = null;
afterEach(async () => {
  controller?.stop();
  await r?.close();
  r = null;
});

describe('the tray follows the core', () => {
  it('shows the last sync and pending edits, and its menu syncs, pauses and resumes', async () => {
    r = await o2rRig({ deals: 40, seed: 21 });
    const rendered: TrayModel[] = [];
    const opened: string[] = [];
    controller = new TrayController({
      endpoint: r.core,
      view: { render: (m) => rendered.push(m) },
      darkBar: () => false,
      open: () => opened.push('open'),
      quit: () => opened.push('quit'),
    });
    await controller.start();
    const last = () => rendered.at(-1)!;
    expect(last().tooltip).toBe('Pipeline Pulse (demo) · Last sync just now');
    r.core.ctx.sync.start(); // background syncing, as in the app
    await expect.poll(async () => (await r!.call('sync.status')).scheduler).toBe('idle');

    const id = r.sb.dumpDeals()[0].id;
    await r.call('o2r.edit', { id, changes: { kickoff: '2026-02-02' }, push: false });
    await expect.poll(() => last().tooltip).toBe('Pipeline Pulse (demo) · Last sync just now · 1 edit pending');

    await controller.act('pause');
    expect(last().tooltip).toMatch(/background sync paused$/);
    expect(last().menu).toContainEqual({
      type: 'action',
      action: 'resume',
      label: 'Resume background sync',
      enabled: true,
    });
    expect((await r.call('sync.status')).scheduler).toBe('paused');
    await controller.act('resume'); // resuming syncs at once
    await expect.poll(async () => (await r!.call('sync.status')).scheduler).toBe('idle');

    const runs = (await r.call('sync.history', { limit: 50 })).runs.length;
    await controller.act('sync');
    await expect.poll(async () => (await r!.call('sync.history', { limit: 50 })).runs.length).toBeGreaterThan(runs);
    await controller.act('open');
    await controller.act('quit');
    expect(opened).toEqual(['open', 'quit']);
  });

  it('turns to "reconnect needed" when Zoho refuses the sign-in', async () => {
    r = await o2rRig({ deals: 20, seed: 22 });
    const rendered: TrayModel[] = [];
    controller = new TrayController({
      endpoint: r.core,
      view: { render: (m) => rendered.push(m) },
      darkBar: () => true,
      open: () => {},
      quit: () => {},
    });
    await controller.start();
    const token = r.sb.issueRefreshToken();
    r.core.ctx.connection.useDemo({ baseUrl: r.sb.baseUrl, ...r.sb.demoClient, refreshToken: token });
    await fetch(`${r.sb.baseUrl}/oauth/v2/token/revoke?token=${token}`, { method: 'POST' });
    r.core.ctx.sync.scheduler.start();
    await expect.poll(() => rendered.at(-1)?.state).toBe('reconnect');
    expect(rendered.at(-1)!.icon).toBe('tray-reconnect-dark.png');
  });
});

describe('notices become OS notifications', () => {
  it('only while the window is not in front; clicking one opens the screen concerned', async () => {
    r = await o2rRig({ deals: 20, seed: 23 });
    const shown: { title: string; body: string; click: () => void }[] = [];
    const opened: NoticeTarget[] = [];
    let look: WindowLook = { exists: true, visible: true, focused: true, minimized: false };
    forwardNoticesToOs({
      endpoint: r.core,
      window: () => look,
      show: (n, click) => shown.push({ ...n, click }),
      open: (t) => opened.push(t),
    });
    r.sb.core.setFaults({ seed: 1, rates: { '500': 1 } });
    await r.core.ctx.sync.scheduler.runNow('auto', 'manual');
    await r.core.ctx.notices.idle();
    expect(shown).toEqual([]); // in front of the user: the in-app notice is enough
    expect((await r.call('notices.list')).length).toBe(1);

    look = { exists: true, visible: false, focused: false, minimized: false }; // closed to the tray
    r.sb.core.setFaults(null);
    await r.core.ctx.sync.scheduler.runNow('auto', 'manual');
    r.sb.core.setFaults({ seed: 3, rates: { '500': 1 } });
    await r.core.ctx.sync.scheduler.runNow('auto', 'manual');
    await r.core.ctx.notices.idle();
    expect(shown.map((s) => s.title)).toEqual(['Sync failed']);
    shown[0].click();
    expect(opened).toEqual([{ screen: 'settings', section: 'sync' }]);
  });
});
