#!/usr/bin/env node
// Renders every icon the app ships from SVG, with Debian's Chromium through playwright-core (the
// same browser the end-to-end tests use; set PULSE_CHROMIUM for another path):
//
//   resources/icon.svg            → resources/icon.png (1024) and resources/icons/NxN.png (16…1024),
//                                   the Linux set; electron-builder makes the .icns and .ico from them
//   tray glyph + state badges     → resources/tray/tray-<state>-<light|dark>.png (16 px) and @2x (32 px)
//                                   (below); "light" is for light menu bars/taskbars (dark glyph),
//                                   "dark" for dark ones (light glyph)
//
// resources/icons.manifest.json records a hash of the sources; tests/build/icons.test.ts fails when
// an SVG changed and the PNGs were not made again. Run: node scripts/make-icons.mjs
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const res = (...p) => path.join(root, 'resources', ...p);

export const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const TRAY_STATES = ['idle', 'syncing', 'error', 'offline', 'reconnect'];
export const TRAY_VARIANTS = { light: '#1f2937', dark: '#f3f4f6' };

/** The tray glyph: the app's pie, in one colour, on a 16-unit grid. */
const glyph = (color, opacity = 1) => `
  <g fill="${color}" opacity="${opacity}">
    <path d="M7.2 3.4a5.6 5.6 0 1 0 5.6 5.6H7.2z"/>
    <path d="M8.6 2v5.6h5.6A5.6 5.6 0 0 0 8.6 2z" opacity="0.7"/>
  </g>`;

/** A state badge in the bottom-right corner, cut out of the glyph by a transparent ring. */
const badge = (fill, symbol) => `
  <mask id="cut"><rect width="16" height="16" fill="#fff"/><circle cx="12" cy="12" r="4.6" fill="#000"/></mask>
  <circle cx="12" cy="12" r="3.6" fill="${fill}"/>
  ${symbol}`;

const SYMBOLS = {
  // two arrow heads chasing round: syncing
  syncing: `<path d="M10.3 11.4a1.8 1.8 0 0 1 3.2-.9M13.7 12.6a1.8 1.8 0 0 1-3.2.9" fill="none" stroke="#fff" stroke-width="0.9" stroke-linecap="round"/>
            <path d="M13.9 9.8v1.2h-1.2zM10.1 14.2V13h1.2z" fill="#fff"/>`,
  // "!": something failed
  error: `<rect x="11.5" y="9.6" width="1" height="3" rx="0.4" fill="#fff"/><circle cx="12" cy="13.9" r="0.6" fill="#fff"/>`,
  // a dash: no network
  offline: `<rect x="10.2" y="11.5" width="3.6" height="1" rx="0.4" fill="#fff"/>`,
  // a padlock: sign in again
  reconnect: `<rect x="10.4" y="11.6" width="3.2" height="2.5" rx="0.4" fill="#fff"/>
              <path d="M11.1 11.7v-.7a.9.9 0 0 1 1.8 0v.7" fill="none" stroke="#fff" stroke-width="0.7"/>`,
};
const BADGE_FILL = { syncing: '#2563eb', error: '#dc2626', offline: '#6b7280', reconnect: '#d97706' };

export function traySvg(state, variant) {
  const color = TRAY_VARIANTS[variant];
  if (state === 'idle') return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">${glyph(color)}</svg>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">
    <g mask="url(#cut)">${glyph(color, state === 'offline' ? 0.55 : 1)}</g>${badge(BADGE_FILL[state], SYMBOLS[state])}</svg>`;
}

async function render(page, svg, size, file) {
  const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

export function sourceHash() {
  const h = crypto.createHash('sha256');
  h.update(fs.readFileSync(res('icon.svg')));
  for (const s of TRAY_STATES) for (const v of Object.keys(TRAY_VARIANTS)) h.update(traySvg(s, v));
  return h.digest('hex');
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.PULSE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--force-color-profile=srgb'],
  });
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const appSvg = fs.readFileSync(res('icon.svg'), 'utf8');
  const made = [];
  await render(page, appSvg, 1024, res('icon.png'));
  made.push('icon.png');
  // Small sizes (taskbars, window corners) drop the macOS-style margin so the pie stays legible.
  const tight = appSvg.replace('viewBox="0 0 1024 1024"', 'viewBox="88 88 848 848"');
  for (const size of APP_SIZES) {
    await render(page, size <= 48 ? tight : appSvg, size, res('icons', `${size}x${size}.png`));
    made.push(`icons/${size}x${size}.png`);
  }
  for (const state of TRAY_STATES) {
    for (const variant of Object.keys(TRAY_VARIANTS)) {
      const svg = traySvg(state, variant);
      await render(page, svg, 16, res('tray', `tray-${state}-${variant}.png`));
      await render(page, svg, 32, res('tray', `tray-${state}-${variant}@2x.png`));
      made.push(`tray/tray-${state}-${variant}.png`, `tray/tray-${state}-${variant}@2x.png`);
    }
  }
  await browser.close();
  fs.writeFileSync(
    res('icons.manifest.json'),
    JSON.stringify({ sourceHash: sourceHash(), files: made }, null, 2) + '\n',
  );
  console.log(`Made ${made.length} icons in resources/.`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
