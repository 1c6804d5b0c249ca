import { afterEach, describe, expect, it } from 'vitest';
import { createKeychainStore } from '../../src-main/core/secrets/keyring-store';
import { startLoopbackListener } from '../../src-main/core/zoho/loopback-listener';
import { coreWithSandbox, keyringAvailable, ok } from '../helpers/connection';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** The test plays the browser: opens the authorize URL, and follows Zoho's redirect to the app. */
async function followAuthorize(authorizeUrl: string): Promise<URL> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/** A core on a fresh sandbox with a browser sign-in started (its listener waits for the redirect). */
async function signInStarted(opts?: Parameters<typeof coreWithSandbox>[0]) {
  const env = await coreWithSandbox(opts);
  cleanup = env.close;
  const start = await ok(env.core, 'connection.startBrowserSignIn', {
    region: 'sandbox',
    accountsUrl: env.sandbox.baseUrl,
    clientId: env.sandbox.demoClient.clientId,
  });
  return { env, start };
}

describe.skipIf(!keyringAvailable)('browser sign-in (authorization code + PKCE, loopback redirect)', () => {
  it('ends with the refresh token in the real keychain and the org and user shown', async () => {
    const { env, start } = await signInStarted();
    const { core, dataDir } = env;
    expect(start.openedInBrowser).toBe(false); // no host hook in tests: the page opens the URL itself
    expect(start.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(new URL(start.authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
    expect((await ok(core, 'connection.status')).signIn.pending).toBe(true);

    const redirect = await followAuthorize(start.authorizeUrl);
    expect(redirect.origin + redirect.pathname).toBe(start.redirectUri);
    const page = await fetch(redirect);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/You are signed in/);

    const status = await core.ctx.connection.browserSignInSettled();
    expect(status).toMatchObject({
      state: 'connected',
      region: 'sandbox',
      flow: 'browser',
      org: { name: 'Pulse Demo Services Pte Ltd' },
      signIn: { pending: false, error: null },
    });
    expect(status.user?.email).toMatch(/@/);
    const stored = await createKeychainStore(dataDir).get('zoho.refresh_token');
    expect(stored).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expect((await ok(core, 'sync.status')).connection).toBe('connected');
    // The listener is closed once the sign-in is over.
    await expect(fetch(start.redirectUri)).rejects.toThrow();
  });

  it('rejects a redirect with the wrong state, and still completes the real one', async () => {
    const { env, start } = await signInStarted();
    const { core } = env;
    const redirect = await followAuthorize(start.authorizeUrl);
    const forged = new URL(redirect);
    forged.searchParams.set('state', 'forged-state-from-another-page');
    const bad = await fetch(forged);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/not from Pipeline Pulse/);
    expect((await ok(core, 'connection.status')).state).toBe('disconnected');
    expect((await fetch(redirect)).status).toBe(200);
    expect((await core.ctx.connection.browserSignInSettled()).state).toBe('connected');
  });

  it('times out when the user never finishes, reports it, and closes the listener', async () => {
    const { env, start } = await signInStarted({ signInTimeoutMs: 300 });
    const { core } = env;
    const status = await core.ctx.connection.browserSignInSettled();
    expect(status.state).toBe('disconnected');
    expect(status.signIn).toMatchObject({ pending: false, error: { code: 'SIGN_IN_TIMEOUT' } });
    await expect(fetch(start.redirectUri)).rejects.toThrow();
  });
});

describe('the loopback listener on its own', () => {
  it('binds 127.0.0.1 only, answers other paths 404, and reports a denied consent', async () => {
    const l = await startLoopbackListener({ expectedState: 'abc', port: 0, timeoutMs: 5_000 });
    expect(l.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect((await fetch(new URL('/other', l.redirectUri))).status).toBe(404);
    const denied = await fetch(`${l.redirectUri}?state=abc&error=access_denied`);
    expect(denied.status).toBe(400);
    await expect(l.result).rejects.toMatchObject({ code: 'SIGN_IN_FAILED', message: /not granted/ });
  });
});
