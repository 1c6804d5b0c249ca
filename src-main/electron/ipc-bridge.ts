import type { IpcMain, WebContents } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallOutcome } from '../../src-shared/contract/transport';
import type { CoreEndpoint } from '../core/core';
import { isTrustedSender } from './trusted-sender';

/**
 * The only ipcMain handler in the app: every contract call arrives on one channel, is checked for
 * its sender, then goes to the same dispatcher the browser host uses (which validates arguments).
 * Events go out on one channel to the window's webContents.
 */
export function bridgeCoreToIpc(
  ipcMain: IpcMain,
  core: CoreEndpoint,
  contents: WebContents,
  rendererUrl: string,
): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, name: unknown, args: unknown): Promise<CallOutcome> => {
    const frame = event.senderFrame;
    const trusted =
      event.sender.id === contents.id && isTrustedSender(frame?.url, frame === event.sender.mainFrame, rendererUrl);
    if (!trusted) {
      return {
        ok: false,
        error: {
          name: 'ForbiddenSenderError',
          code: 'FORBIDDEN_SENDER',
          message: 'Calls are accepted only from the app window.',
        },
      };
    }
    return core.dispatch(typeof name === 'string' ? name : '', args);
  });
  const unsubscribe = core.subscribe((name, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };
}
