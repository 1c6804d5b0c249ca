/**
 * Whether an IPC message comes from our own renderer: the top frame of our window, loaded from
 * our bundle (file://…/out/renderer/index.html) or, in development, the electron-vite dev
 * server. Messages from any other frame or origin are rejected (VS Code does the same), so an
 * injected iframe or a navigated page cannot reach the API. Kept free of `electron` imports so it
 * is unit-tested in plain Node.
 */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, rendererUrl: string): boolean {
  if (!frameUrl || !isMainFrame) return false;
  let frame: URL;
  let expected: URL;
  try {
    frame = new URL(frameUrl);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === expected.pathname;
  return frame.origin === expected.origin;
}
