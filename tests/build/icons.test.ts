import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_STATES, trayIconFile } from '../../src-main/electron/tray-model';
import { APP_SIZES, sourceHash } from '../../scripts/make-icons.mjs';
import { REPO_ROOT } from '../helpers/pulse-process';

const res = (...p: string[]) => path.join(REPO_ROOT, 'resources', ...p);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('icons (made by scripts/make-icons.mjs from SVG)', () => {
  it('were made from the current SVG sources', () => {
    const manifest = JSON.parse(fs.readFileSync(res('icons.manifest.json'), 'utf8'));
    expect(manifest.sourceHash, 'an SVG changed: run `node scripts/make-icons.mjs`').toBe(sourceHash());
    for (const f of manifest.files) expect(fs.existsSync(res(f)), f).toBe(true);
  });

  it('the app icon comes in every size', () => {
    expect(pngSize(res('icon.png'))).toEqual({ width: 1024, height: 1024 });
    for (const size of APP_SIZES)
      expect(pngSize(res('icons', `${size}x${size}.png`))).toEqual({ width: size, height: size });
  });

  it('the tray has an icon for every state the tray model shows, light and dark, at 1× and 2×', () => {
    for (const state of TRAY_STATES) {
      for (const dark of [false, true]) {
        const name = trayIconFile(state, dark);
        expect(pngSize(res('tray', name))).toEqual({ width: 16, height: 16 });
        expect(pngSize(res('tray', name.replace('.png', '@2x.png')))).toEqual({ width: 32, height: 32 });
      }
    }
  });
});
