/**
 * The main window's size, position and maximised state between runs (kept with electron-store by
 * window-state-store.ts). Free of `electron` imports: tests run it in plain Node.
 *
 * Restoring keeps the window reachable: a monitor that went away (a laptop off its dock) or a
 * resolution that shrank would otherwise leave it off screen, so a window whose title bar no
 * longer lies on any display is centred on the primary one, and a window larger than the display
 * it lands on is shrunk to fit.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindowState {
  /** The normal (not maximised) bounds. */
  bounds: Rect;
  maximized: boolean;
}

export interface WindowDefaults {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

export interface RestoredWindow {
  /** x/y absent: let Electron centre the window. */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

/** How much of the title bar must be on a display for the window to count as reachable. */
const GRAB = { width: 80, height: 24, titleBar: 32 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function isRect(r: unknown): r is Rect {
  const o = r as Rect | null;
  return Boolean(o) && [o!.x, o!.y, o!.width, o!.height].every((n) => Number.isFinite(n));
}

/** The display (work area) holding most of the title bar, or null when none holds enough of it. */
function displayHolding(bounds: Rect, workAreas: readonly Rect[]): Rect | null {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: GRAB.titleBar };
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(titleBar, area);
    if (o.width >= GRAB.width && o.height >= GRAB.height && o.width * o.height > bestArea) {
      best = area;
      bestArea = o.width * o.height;
    }
  }
  return best;
}

export function restoreWindowState(
  saved: unknown,
  workAreas: readonly Rect[],
  primary: Rect,
  d: WindowDefaults,
): RestoredWindow {
  const s = saved as Partial<SavedWindowState> | null | undefined;
  if (!s || !isRect(s.bounds)) return { bounds: { width: d.width, height: d.height }, maximized: false };
  const maximized = s.maximized === true;
  const on = displayHolding(s.bounds, workAreas);
  const area = on ?? primary;
  const width = Math.max(d.minWidth, Math.min(Math.round(s.bounds.width), area.width));
  const height = Math.max(d.minHeight, Math.min(Math.round(s.bounds.height), area.height));
  if (!on) {
    // Its monitor is gone: the same size, centred on the primary display.
    return {
      bounds: {
        x: Math.round(area.x + (area.width - width) / 2),
        y: Math.round(area.y + (area.height - height) / 2),
        width,
        height,
      },
      maximized,
    };
  }
  // Still on a display: keep the place, nudged so the whole window fits that display.
  const x = Math.min(Math.max(Math.round(s.bounds.x), area.x), area.x + area.width - width);
  const y = Math.min(Math.max(Math.round(s.bounds.y), area.y), area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized };
}
