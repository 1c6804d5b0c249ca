import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { storeWithDeals } from './deal-fixture';
import { PACKAGE_ROOT } from '../cli/paths';

export interface WebAppProcess {
  /** The page's URL with its per-launch token. */
  url: string;
  stop(): Promise<void>;
}

/**
 * `pulse web --no-demo` on a data folder in its own process (the renderer served from `out/`, so
 * `npm run build` comes first): what a user's browser talks to, measured from outside.
 */
export async function startWebProcess(dataDir: string): Promise<WebAppProcess> {
  const child = spawn(
    process.execPath,
    [path.join(PACKAGE_ROOT, 'bin', 'pulse.mjs'), 'web', '--no-demo', '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pulse web did not start:\n${out}`)), 60_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pulse web exited (${code}) before it was ready:\n${out}`));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Debian's Chromium through playwright-core (a dev dependency: benchmarks run from the repository). */
export async function launchBenchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.PULSE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

/**
 * A profile holding `n` cached deals (not timed), `pulse web` on it and Chromium on the Dashboard
 * at 1440×900: `run` gets the page right after it started loading (with the moment it did) and
 * everything is torn down after.
 */
export async function withDashboardPage<T>(n: number, run: (page: Page, startedAt: number) => Promise<T>): Promise<T> {
  const fixture = await storeWithDeals(n);
  const web = await startWebProcess(fixture.dir);
  const browser = await launchBenchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const startedAt = performance.now();
    await page.goto(`${web.url}#/dashboard`);
    return await run(page, startedAt);
  } finally {
    await browser.close();
    await web.stop();
    await fixture.dispose();
  }
}
