import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';
import { keyringAvailable } from '../helpers/connection';

// The Settings connection panel in Chromium, through the real `pulse web` (which stores the
// token in the real keychain) against a sandbox on 127.0.0.1.
describe.skipIf(!keyringAvailable)('the connection panel in Settings', () => {
  let app: WebApp;
  let browser: Browser;
  let url: string;
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ deals: 10 });
    app = await startWebApp(['--no-demo', '--data-dir', tempDir('pulse-e2e-conn-')]);
    ({ browser, url } = app);
  });

  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });

  async function fillForm(page: Page, method: string, clientId: string, secretValue?: string) {
    await page.getByRole('radio', { name: method }).check();
    await page.getByLabel('Data centre').selectOption('sandbox');
    await page.getByLabel('Server URL').fill(sandbox.baseUrl);
    await page.getByLabel('Client ID').fill(clientId);
    if (secretValue !== undefined)
      await page
        .getByRole('textbox', { name: method === 'Refresh token' ? 'Refresh token' : 'Grant code', exact: true })
        .fill(secretValue);
  }

  it('connects with a refresh token, shows the org, tests, surfaces a revoked token and disconnects', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await page.goto(url + '#/settings');
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Not connected');
    await page.screenshot({ path: path.join(SHOTS, 'connection-disconnected.png') });

    // A wrong client id: a message in words, nothing saved.
    await fillForm(page, 'Refresh token', '1000.WRONGCLIENT', sandbox.issueRefreshToken());
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('connection-message').textContent())
      .toMatch(/does not know this client ID/);
    await page.screenshot({ path: path.join(SHOTS, 'connection-wrong-client.png') });

    const token = sandbox.issueRefreshToken();
    await fillForm(page, 'Refresh token', sandbox.demoClient.clientId, token);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => page.getByTestId('org-name').textContent()).toMatch(/Pulse Demo Services Pte Ltd/);
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('Connected to Zoho CRM'); // status bar
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => page.getByTestId('connection-message').textContent())
      .toMatch(/Connection works: Pulse Demo Services Pte Ltd/);
    await page.screenshot({ path: path.join(SHOTS, 'connection-connected.png') });
    expect(await page.content()).not.toContain(token);

    // The user revokes the app in Zoho: the next call shows "reconnect needed".
    await fetch(`${sandbox.baseUrl}/oauth/v2/token/revoke?token=${token}`, { method: 'POST' });
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Reconnect needed');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/no longer accepts the saved sign-in/);
    await page.screenshot({ path: path.join(SHOTS, 'connection-reconnect-needed.png') });

    await fillForm(page, 'Refresh token', sandbox.demoClient.clientId, sandbox.issueRefreshToken());
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Connected');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByTestId('connection-message').textContent()).toMatch(/revoked at Zoho/);
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Not connected');
    expect(errors).toEqual([]);
  });

  it('signs in with the browser: the sign-in page opens in a new tab and the panel updates by itself', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url + '#/settings');
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Not connected');
    await fillForm(page, 'Sign in with the browser', sandbox.demoClient.clientId);
    const popup = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in with Zoho' }).click();
    const tab = await popup;
    await tab.waitForLoadState();
    await expect.poll(() => tab.textContent('h1')).toBe('You are signed in');
    await tab.screenshot({ path: path.join(SHOTS, 'connection-browser-done.png') });
    await expect
      .poll(() => page.getByTestId('org-name').textContent(), { timeout: 10_000 })
      .toMatch(/Pulse Demo Services/);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    await page.screenshot({ path: path.join(SHOTS, 'connection-connected-dark.png') });
    page.on('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Not connected');
    await context.close();
  });
});
