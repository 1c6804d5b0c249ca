/**
 * When a notice becomes an OS notification: only while the window is hidden (in the tray),
 * minimised or in the background — in front of the user the same notice already shows in the app.
 * Free of `electron` imports.
 */
import type { Notice } from '../../src-shared/contract/notice-schemas';

export function osNotificationFor(
  notice: Notice,
  win: { exists: boolean; visible: boolean; focused: boolean; minimized: boolean },
): { title: string; body: string } | null {
  if (win.exists && win.visible && win.focused && !win.minimized) return null;
  return { title: notice.title, body: notice.body };
}
