/**
 * Whether an IPC message comes from our own renderer: the top frame of our window, showing our
 * bundle (app://bundle/index.html) or, in development, the electron-vite dev server. Messages
 * from any other frame or page are rejected (VS Code does the same), so an injected iframe or a
 * navigated page cannot reach the API. Kept free of `electron` imports so it is unit-tested in
 * plain Node.
 *
 * Node's URL gives every non-http(s) URL the origin "null" (app:, data:, file: alike), so those are
 * compared by scheme, host and path, never by origin.
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
  if (frame.username || frame.password) return false;
  if (expected.protocol === 'http:' || expected.protocol === 'https:') return frame.origin === expected.origin;
  return frame.protocol === expected.protocol && frame.host === expected.host && frame.pathname === expected.pathname;
}
