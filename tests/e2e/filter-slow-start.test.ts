import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { connectWebApi, type WebApi } from '../helpers/web-api';
import { startWebApp, type WebApp } from '../helpers/web-app';

/**
 * A slow start (a busy machine, a large workspace) answers the remembered filter late. What the
 * user types meanwhile must not be thrown away when it arrives: it is laid over the remembered
 * filter. The delay is injected on the WebSocket between Chromium and `pulse web --demo` (the
 * answer to `filters.get` is held back); everything else is real.
 */
describe('a filter change made before the remembered filter is read is kept', () => {
  let app: WebApp;
  let browser: Browser;
  let api: WebApi;

  beforeAll(async () => {
    app = await startWebApp(['--demo', '--data-dir', tempDir('pulse-filter-slow-')]);
    browser = app.browser;
    api = await connectWebApi(app.url);
  });
  afterAll(async () => {
    api?.close();
    await app?.stop();
  });

  it('a search typed while filters.get is still on its way stays, on top of the remembered country', async () => {
    const { countries } = await api.call('deals.filterOptions', {});
    const country = countries[0];
    await api.call('filters.set', { country });
    const [first] = (await api.call('deals.list', { limit: 1, filter: { country } })).rows;
    const word = first.name.split(' ')[0];

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let held = 0;
    let answered = false;
    await page.routeWebSocket(/\/api\?token=/, (ws) => {
      const server = ws.connectToServer();
      const getIds = new Set<number>();
      ws.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { id: number; name: string };
        if (frame.name === 'filters.get') getIds.add(frame.id);
        server.send(message);
      });
      server.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { type: string; id: number };
        if (frame.type === 'result' && getIds.has(frame.id)) {
          held++;
          setTimeout(() => {
            ws.send(message);
            answered = true;
          }, 2_000);
          return;
        }
        ws.send(message);
      });
    });
    await page.goto(app.url + '#/deals');
    const search = page.getByLabel('Search deals');
    await search.fill(word);
    expect(answered).toBe(false);
    await expect.poll(() => answered, { timeout: 10_000 }).toBe(true);
    expect(held).toBe(1);

    const expected = await api.call('deals.list', { limit: 1, filter: { country, search: word } });
    const all = await api.call('deals.list', { limit: 1, filter: { country } });
    expect(expected.total).toBeLessThan(all.total);
    await expect.poll(() => search.inputValue()).toBe(word);
    const total = page.getByTestId('deals-total');
    await expect
      .poll(async () => Number(((await total.textContent()) ?? '').replace(/\D/g, '')), { timeout: 10_000 })
      .toBe(expected.total);
    // Remembered as both: the country it had and the search typed.
    await expect.poll(() => api.call('filters.get', {})).toEqual({ country, search: word });
    await page.close();
  });
});
