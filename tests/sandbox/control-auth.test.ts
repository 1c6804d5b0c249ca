import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { launchChromium } from '../helpers/browser';
import { startPulse } from '../helpers/pulse-process';

/**
 * Issue 18 weak spot: the sandbox's control API (`/__sandbox/`) took cross-origin requests from
 * any web page (a text/plain POST created a deal) and handed refresh tokens to any local caller.
 * It now needs the per-launch secret, and refuses what a browser sends on a page's behalf.
 */
const DEAL = { Deal_Name: 'Planted by a web page', Stage: 'Negotiation (80)', Closing_Date: '2026-07-01' };

describe('the sandbox control API needs its per-launch secret', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ deals: 5 });
  });
  afterAll(() => sb?.close());

  const raw = (route: string, init: RequestInit = {}) => fetch(`${sb.baseUrl}/__sandbox/${route}`, init);

  it('refuses a web page in a real browser: no deal is created, no token handed out', async () => {
    // Any site the user visits: here a page served from another local port.
    const page = `<!doctype html><script>
      const base = ${JSON.stringify(sb.baseUrl)};
      Promise.allSettled([
        fetch(base + '/__sandbox/deals', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' },
          body: ${JSON.stringify(JSON.stringify(DEAL))} }),
        fetch(base + '/__sandbox/credentials', { method: 'POST', mode: 'no-cors' }),
        fetch(base + '/__sandbox/credentials', { method: 'POST', headers: { 'X-Sandbox-Secret': 'guess' } }),
      ]).then(() => { document.title = 'done'; });
    </script>`;
    // White-box count of credential hand-outs (the control route calls this).
    let handedOut = 0;
    const credentials = sb.core.credentials.bind(sb.core);
    sb.core.credentials = (scope?: string) => (handedOut++, credentials(scope));
    const site = http.createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      await expect.poll(() => tab.title(), { timeout: 20_000 }).toBe('done');
    } finally {
      await browser.close();
      site.close();
    }
    expect(sb.dumpDeals().map((d) => d.Deal_Name)).not.toContain(DEAL.Deal_Name);
    expect(handedOut).toBe(0);
    sb.core.credentials = credentials;
  });

  it('answers 401 without the secret, 403 for a page’s request even with it, and works with it', async () => {
    for (const init of [{}, { headers: { 'X-Sandbox-Secret': 'wrong' } }]) {
      const r = await raw('credentials', { method: 'POST', ...init });
      expect(r.status).toBe(401);
      expect(JSON.stringify(await r.json())).not.toMatch(/refresh_token/);
    }
    const fromPage = await raw('deals', {
      method: 'POST',
      headers: { 'X-Sandbox-Secret': sb.controlSecret, Origin: 'https://evil.example' },
      body: JSON.stringify(DEAL),
    });
    expect(fromPage.status).toBe(403);
    expect(sb.dumpDeals()).toHaveLength(5);

    const ok = await sb.control<{ refresh_token: string }>('POST', 'credentials');
    expect(ok.status).toBe(200);
    expect(ok.body.refresh_token).toMatch(/^1000\./);
    // The Zoho-side endpoints are unchanged: the OAuth flows still work for the app.
    expect((await fetch(`${sb.baseUrl}/oauth/v2/token`, { method: 'POST' })).status).toBe(200);
  });

  it('`pulse sandbox --print-credentials` prints the secret, and only it opens the control API', async () => {
    const { proc, match } = await startPulse(
      ['sandbox', '--deals', '3', '--print-credentials'],
      /^(\{.*"control_secret".*\})$/m,
    );
    try {
      const creds = JSON.parse(match[1]) as { api_domain: string; control_secret: string };
      expect((await fetch(`${creds.api_domain}/__sandbox`)).status).toBe(401);
      const info = await fetch(`${creds.api_domain}/__sandbox`, {
        headers: { 'X-Sandbox-Secret': creds.control_secret },
      });
      expect(info.status).toBe(200);
      expect(await info.json()).toMatchObject({ deals: 3 });
    } finally {
      await proc.stop();
    }
  });
});
