import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { controlCall } from '../../src-main/sandbox/index';
import { launchChromium } from './browser';
import { REPO_ROOT, startPulse, type RunningPulse } from './pulse-process';

/** Where end-to-end tests save their screenshots (looked at by people, kept by CI). */
export const SHOTS = path.join(REPO_ROOT, 'test-output', 'screenshots');

export interface WebApp {
  /** The page URL with its per-launch token. */
  url: string;
  /** The demo workspace's in-process Zoho sandbox, when started with --demo. */
  sandboxUrl: string | null;
  /** The control secret this helper gave the process (every demo sandbox it starts uses it). */
  sandboxSecret: string;
  /** A call to that sandbox's control API, with the secret this helper gave the process. */
  sandboxControl(method: string, route: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  web: RunningPulse;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * The real `pulse web …` in a child process plus Debian's Chromium: what every end-to-end test
 * starts in its beforeAll. Resolves once the host printed its URL and, for the demo workspace,
 * once its first sync has finished (so a test never races the initial load of the pipeline)
 * unless `waitForFirstSync: false` (a host that starts in recovery does not sync).
 */
export async function startWebApp(args: string[], opts: { waitForFirstSync?: boolean } = {}): Promise<WebApp> {
  fs.mkdirSync(SHOTS, { recursive: true });
  // The demo sandbox's control secret is ours to choose, handed over privately (the environment).
  const secret = crypto.randomBytes(18).toString('base64url');
  const { proc, match } = await startPulse(['web', ...args], /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/, {
    PULSE_SANDBOX_SECRET: secret,
  });
  const sandbox = /sandbox at (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.output());
  const browser = await launchChromium();
  if (sandbox && opts.waitForFirstSync !== false) await waitForFirstSync(browser, match[1]);
  return {
    url: match[1],
    sandboxUrl: sandbox?.[1] ?? null,
    sandboxSecret: secret,
    sandboxControl: (method, route, body) => {
      if (!sandbox) throw new Error('no demo sandbox in this pulse web');
      return controlCall(sandbox[1], secret, method, route, body);
    },
    web: proc,
    browser,
    async stop() {
      await browser.close();
      await proc.stop();
    },
  };
}

/** Watches the status bar until the first sync has finished and nothing is syncing. */
async function waitForFirstSync(browser: Browser, url: string, timeoutMs = 60_000): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = (await page.getByTestId('last-sync').textContent()) ?? '';
      const syncing = await page.getByTestId('sync-progress').count();
      if (last && !/never|…/.test(last) && syncing === 0) break;
      if (Date.now() > deadline) throw new Error(`the demo workspace did not finish its first sync (status: ${last})`);
      await page.waitForTimeout(200);
    }
    // The O2R tracker settles right after a sync ends; give its data.changed a moment to land.
    await page.waitForTimeout(1500);
  } finally {
    await page.close();
  }
}
