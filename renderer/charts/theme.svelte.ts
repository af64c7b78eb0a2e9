// The system's light or dark preference, and the colours charts and canvases draw with (read from
// the same CSS custom properties the stylesheet uses, so the two never drift apart).

export type Palette = {
  text: string;
  muted: string;
  grid: string;
  accent: string;
  accent2: string;
  warn: string;
  danger: string;
  series: string[];
  background: string;
};

class Theme {
  dark = $state(false);

  constructor() {
    if (typeof matchMedia === 'function') {
      const query = matchMedia('(prefers-color-scheme: dark)');
      this.dark = query.matches;
      query.addEventListener?.('change', (e) => (this.dark = e.matches));
    }
  }

  /** Reading it subscribes to theme changes. */
  get palette(): Palette {
    void this.dark;
    return readPalette();
  }
}

export const theme = new Theme();

function readPalette(): Palette {
  const style = typeof document !== 'undefined' ? getComputedStyle(document.documentElement) : null;
  const v = (name: string, fallback: string) => style?.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--fg', '#1d2330'),
    muted: v('--muted', '#667085'),
    grid: v('--grid', 'rgba(127,127,127,0.18)'),
    accent: v('--accent', '#3b6fd8'),
    accent2: v('--accent-2', '#d9822b'),
    warn: v('--warn', '#c98a00'),
    danger: v('--danger', '#c8372d'),
    background: v('--surface', '#ffffff'),
    series: [v('--s1', '#3b6fd8'), v('--s2', '#d9822b'), v('--s3', '#2f9e6e'), v('--s4', '#a552c9'), v('--s5', '#c8372d'), v('--s6', '#6b7a90')],
  };
}
