import { describe, expect, it } from 'vitest';
import { restoreWindowState, type Rect } from '../../src-main/electron/window-state';
import { WINDOW_DEFAULTS } from '../../src-main/electron/window-options';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const external: Rect = { x: 1440, y: -200, width: 2560, height: 1400 };

describe('restoring the window', () => {
  it('opens at the default size, centred by Electron, the first time or from a damaged file', () => {
    const first = { bounds: { width: 1360, height: 860 }, maximized: false };
    expect(restoreWindowState(undefined, [laptop], laptop, WINDOW_DEFAULTS)).toEqual(first);
    expect(restoreWindowState({ bounds: { x: 'a' } }, [laptop], laptop, WINDOW_DEFAULTS)).toEqual(first);
  });

  it('puts it back where it was, maximised or not, on whichever display it was on', () => {
    const saved = { bounds: { x: 1700, y: 0, width: 1600, height: 1000 }, maximized: true };
    expect(restoreWindowState(saved, [laptop, external], laptop, WINDOW_DEFAULTS)).toEqual(saved);
  });

  it('centres it on the primary display when its monitor is gone, shrunk to fit', () => {
    const saved = { bounds: { x: 1700, y: 0, width: 1600, height: 1000 }, maximized: false };
    expect(restoreWindowState(saved, [laptop], laptop, WINDOW_DEFAULTS)).toEqual({
      bounds: { x: 0, y: 0, width: 1440, height: 875 },
      maximized: false,
    });
    const small = { bounds: { x: 3000, y: 200, width: 1000, height: 700 }, maximized: true };
    expect(restoreWindowState(small, [laptop], laptop, WINDOW_DEFAULTS)).toEqual({
      bounds: { x: 220, y: 88, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('treats a window whose title bar is off every display as gone, and nudges one hanging over an edge back', () => {
    // Only a sliver of the title bar (and none of its height) was on screen: not reachable.
    const above = { bounds: { x: 100, y: -500, width: 1000, height: 520 }, maximized: false };
    expect(restoreWindowState(above, [laptop], laptop, WINDOW_DEFAULTS).bounds).toEqual({
      x: 220,
      y: 138,
      width: 1000,
      height: 600, // at least the minimum height
    });
    const overEdge = { bounds: { x: 1000, y: 400, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindowState(overEdge, [laptop], laptop, WINDOW_DEFAULTS).bounds).toEqual({
      x: 440,
      y: 175,
      width: 1000,
      height: 700,
    });
  });
});
