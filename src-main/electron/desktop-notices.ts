/**
 * Notices as OS notifications: every `notice` event from the core becomes one system notification
 * while the window is not in front of the user (os-notification.ts decides); clicking it opens the
 * window on the screen concerned. Free of `electron` imports: tests drive it against a real core.
 */
import type { Notice, NoticeTarget } from '../../src-shared/contract/notice-schemas';
import type { CoreEndpoint } from '../core/core';
import { osNotificationFor } from './os-notification';

export interface WindowLook {
  exists: boolean;
  visible: boolean;
  focused: boolean;
  minimized: boolean;
}

export interface DesktopNoticesOptions {
  endpoint: CoreEndpoint;
  window: () => WindowLook;
  /** Shows one OS notification; `onClick` when the user clicks it. */
  show: (n: { title: string; body: string }, onClick: () => void) => void;
  /** Brings the window to the front on that screen. */
  open: (target: NoticeTarget) => void;
}

export function forwardNoticesToOs(o: DesktopNoticesOptions): () => void {
  return o.endpoint.subscribe((name, payload) => {
    if (name !== 'notice') return;
    const notice = payload as Notice;
    const shown = osNotificationFor(notice, o.window());
    if (shown) o.show(shown, () => o.open(notice.target));
  });
}
