/**
 * The first half of the browser sign-in (authorization code + PKCE): a fresh verifier and state,
 * a loopback listener for the redirect, and the authorize URL to open in the system browser.
 * The second half (exchanging the code and saving the connection) is the service's.
 */
import { startLoopbackListener } from '../zoho/loopback-listener';
import { buildAuthorizeUrl } from '../zoho/oauth';
import { createPkcePair, randomState } from '../zoho/pkce';

export interface PendingSignIn {
  authorizeUrl: string;
  redirectUri: string;
  /** Resolves with what the code exchange needs once Zoho redirects back. */
  completed: Promise<{ code: string; accountsServer: string | null; codeVerifier: string; redirectUri: string }>;
  cancel(): Promise<void>;
}

export async function beginBrowserSignIn(p: {
  accountsUrl: string;
  clientId: string;
  port: number;
  timeoutMs: number;
}): Promise<PendingSignIn> {
  const pkce = createPkcePair();
  const state = randomState();
  const listener = await startLoopbackListener({ expectedState: state, port: p.port, timeoutMs: p.timeoutMs });
  const authorizeUrl = buildAuthorizeUrl({
    accountsUrl: p.accountsUrl,
    clientId: p.clientId,
    redirectUri: listener.redirectUri,
    state,
    codeChallenge: pkce.challenge,
  });
  const completed = listener.result.then((r) => ({
    ...r,
    codeVerifier: pkce.verifier,
    redirectUri: listener.redirectUri,
  }));
  completed.catch(() => undefined);
  return { authorizeUrl, redirectUri: listener.redirectUri, completed, cancel: () => listener.close() };
}
