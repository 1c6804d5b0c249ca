/**
 * The desktop app's window decisions (README "The desktop app"), free of `electron` imports so
 * tests run them in plain Node; main.ts and window.ts only carry them out.
 */

/** Closing the window keeps the app (and its background sync) running in the tray. */
export function closeDecision(i: { quitting: boolean; hasTray: boolean; toldAboutTray: boolean }): {
  action: 'hide' | 'close';
  /** Say once, the first time, that the app is still running in the tray. */
  tellAboutTray: boolean;
} {
  if (i.quitting || !i.hasTray) return { action: 'close', tellAboutTray: false };
  return { action: 'hide', tellAboutTray: !i.toldAboutTray };
}

export type WindowStep = 'create' | 'restore' | 'show' | 'focus';

/**
 * A second launch (or "Open" in the tray, or a notification click) brings the one window to the
 * front: made again if it was closed, restored if minimised, shown if hidden in the tray.
 */
export function bringToFront(w: { exists: boolean; minimized: boolean; visible: boolean }): WindowStep[] {
  if (!w.exists) return ['create', 'focus'];
  const steps: WindowStep[] = [];
  if (w.minimized) steps.push('restore');
  if (!w.visible) steps.push('show');
  steps.push('focus');
  return steps;
}

/** Only one Pipeline Pulse per profile: a second process hands over to the first and ends. */
export function singleInstanceDecision(gotLock: boolean): 'run' | 'hand-over-and-quit' {
  return gotLock ? 'run' : 'hand-over-and-quit';
}

/** With a tray the app keeps running with no window; without one it quits (macOS keeps its dock). */
export function quitWhenAllWindowsClosed(i: { hasTray: boolean; platform: NodeJS.Platform }): boolean {
  return !i.hasTray && i.platform !== 'darwin';
}

/** Started by the login item: stay in the tray instead of opening the window. */
export function startHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes('--hidden');
}
