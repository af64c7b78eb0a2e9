// Where the window opens, from its saved bounds and the screens there are now (plain data).

import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, placeWindow, type Rect } from '../../electron/window-bounds.ts';

// A laptop screen with a menu bar, and an external monitor to its right.
const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const monitor: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };
const saved = (bounds: Rect, maximized = false) => ({ bounds, maximized });

describe('window placement', () => {
  it('opens where it was left when that is on a screen', () => {
    const bounds = { x: 1600, y: 100, width: 1200, height: 800 };
    expect(placeWindow(saved(bounds, true), [laptop, monitor], laptop)).toEqual({ bounds, maximized: true });
    expect(placeWindow(saved({ x: 100, y: 60, width: 1000, height: 700 }), [laptop, monitor], laptop).bounds).toEqual({ x: 100, y: 60, width: 1000, height: 700 });
  });

  it('opens at the default size, centred on the primary screen, when its monitor is gone', () => {
    const onMonitor = saved({ x: 1600, y: 100, width: 1200, height: 800 }, true);
    expect(placeWindow(onMonitor, [laptop], laptop)).toEqual({ bounds: { width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height }, maximized: true });
    expect(placeWindow(saved({ x: -5000, y: -5000, width: 800, height: 600 }), [laptop], laptop).bounds).not.toHaveProperty('x');
  });

  it('is moved (and shrunk only when it must be) wholly onto the screen it overlaps most', () => {
    // Half off the right edge of the only screen left.
    expect(placeWindow(saved({ x: 1000, y: 100, width: 1000, height: 700 }), [laptop], laptop).bounds).toEqual({ x: 440, y: 100, width: 1000, height: 700 });
    // Above the menu bar.
    expect(placeWindow(saved({ x: 10, y: 0, width: 800, height: 600 }), [laptop, monitor], laptop).bounds).toEqual({ x: 10, y: 25, width: 800, height: 600 });
    // Left as a large window on the big monitor, now on the small screen: fits it.
    expect(placeWindow(saved({ x: 1300, y: 10, width: 2400, height: 1400 }), [laptop], laptop).bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    // Straddling both screens: goes to the one holding more of it.
    expect(placeWindow(saved({ x: 1040, y: 50, width: 1000, height: 700 }), [laptop, monitor], laptop).bounds).toEqual({ x: 1440, y: 50, width: 1000, height: 700 });
  });

  it('fits the default size to a small primary screen, and ignores saved bounds that are not numbers', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 700 };
    expect(placeWindow(null, [small], small)).toEqual({ bounds: { width: 1024, height: 700 }, maximized: false });
    for (const bounds of [{ x: NaN, y: 0, width: 800, height: 600 }, { x: 0, y: 0, width: 0, height: 600 }, { x: '0', y: 0, width: 800, height: 600 }, null]) {
      expect(placeWindow(saved(bounds as unknown as Rect), [laptop], laptop).bounds).toEqual(DEFAULT_SIZE);
    }
    expect(placeWindow(saved({ x: 100.4, y: 60.6, width: 999.5, height: 700.2 }), [laptop], laptop).bounds).toEqual({ x: 100, y: 61, width: 1000, height: 700 });
  });
});
