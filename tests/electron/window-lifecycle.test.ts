import { describe, expect, it } from 'vitest';
import { createQuitFlow } from '../../src-main/electron/quit-flow';
import {
  bringToFront,
  closeDecision,
  quitWhenAllWindowsClosed,
  singleInstanceDecision,
  startHidden,
} from '../../src-main/electron/window-lifecycle';

describe('closing the window, a second launch, quitting', () => {
  it('closing hides into the tray and says so once; quitting (or no tray) really closes', () => {
    expect(closeDecision({ quitting: false, hasTray: true, toldAboutTray: false })).toEqual({
      action: 'hide',
      tellAboutTray: true,
    });
    expect(closeDecision({ quitting: false, hasTray: true, toldAboutTray: true })).toEqual({
      action: 'hide',
      tellAboutTray: false,
    });
    expect(closeDecision({ quitting: true, hasTray: true, toldAboutTray: false }).action).toBe('close');
    expect(closeDecision({ quitting: false, hasTray: false, toldAboutTray: false }).action).toBe('close');
    expect(quitWhenAllWindowsClosed({ hasTray: true, platform: 'linux' })).toBe(false);
    expect(quitWhenAllWindowsClosed({ hasTray: false, platform: 'win32' })).toBe(true);
    expect(quitWhenAllWindowsClosed({ hasTray: false, platform: 'darwin' })).toBe(false);
  });

  it('one instance: a second launch hands over to the first, which comes to the front', () => {
    expect(singleInstanceDecision(true)).toBe('run');
    expect(singleInstanceDecision(false)).toBe('hand-over-and-quit');
    expect(bringToFront({ exists: true, minimized: false, visible: false })).toEqual(['show', 'focus']);
    expect(bringToFront({ exists: true, minimized: true, visible: true })).toEqual(['restore', 'focus']);
    expect(bringToFront({ exists: true, minimized: false, visible: true })).toEqual(['focus']);
    expect(bringToFront({ exists: false, minimized: false, visible: false })).toEqual(['create', 'focus']);
  });

  it('started at login it stays in the tray', () => {
    expect(startHidden(['/opt/pp/pipeline-pulse', '--hidden'], false)).toBe(true);
    expect(startHidden(['/opt/pp/pipeline-pulse'], true)).toBe(true);
    expect(startHidden(['/opt/pp/pipeline-pulse'], false)).toBe(false);
  });
});

/** Stands in for Electron's app events: the quit flow only needs preventDefault. */
const quitEvent = () => {
  const e = { prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
};

describe('the quit path waits for the core to close', () => {
  it('holds the first quit, closes, then quits for real; quit events meanwhile wait too', async () => {
    const order: string[] = [];
    let finishClose!: () => void;
    const flow = createQuitFlow({
      close: () => new Promise<void>((resolve) => (finishClose = resolve)).then(() => void order.push('closed')),
      quit: () => order.push('quit'),
      exit: () => order.push('exit'),
    });
    const first = quitEvent();
    flow.onQuitEvent(first);
    expect(first.prevented).toBe(true);
    expect(flow.phase).toBe('closing');
    const again = quitEvent(); // will-quit, or the user quits twice
    flow.onQuitEvent(again);
    expect(again.prevented).toBe(true);
    expect(order).toEqual([]);
    finishClose();
    await expect.poll(() => order).toEqual(['closed', 'quit']);
    const last = quitEvent(); // the real quit passes
    flow.onQuitEvent(last);
    expect(last.prevented).toBe(false);
  });

  it('a close that hangs or fails still ends the app', async () => {
    const exits: number[] = [];
    const hang = createQuitFlow({
      close: () => new Promise<void>(() => {}),
      quit: () => exits.push(0),
      exit: (c) => exits.push(c),
      timeoutMs: 50,
    });
    hang.onQuitEvent(quitEvent());
    await expect.poll(() => exits).toEqual([1]);
    const failing = createQuitFlow({
      close: async () => {
        throw new Error('disk gone');
      },
      quit: () => exits.push(0),
      exit: (c) => exits.push(c),
    });
    failing.onQuitEvent(quitEvent());
    await expect.poll(() => exits).toEqual([1, 1]);
  });
});
