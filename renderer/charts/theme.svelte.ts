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
  const cssVar = (name: string, fallback: string) => style?.getPropertyValue(name).trim() || fallback;
  return {
    text: cssVar('--fg', '#1d2330'),
    muted: cssVar('--muted', '#667085'),
    grid: cssVar('--grid', 'rgba(127,127,127,0.18)'),
    accent: cssVar('--accent', '#3b6fd8'),
    accent2: cssVar('--accent-2', '#d9822b'),
    warn: cssVar('--warn', '#c98a00'),
    danger: cssVar('--danger', '#c8372d'),
    background: cssVar('--surface', '#ffffff'),
    series: [cssVar('--s1', '#3b6fd8'), cssVar('--s2', '#d9822b'), cssVar('--s3', '#2f9e6e'), cssVar('--s4', '#a552c9'), cssVar('--s5', '#c8372d'), cssVar('--s6', '#6b7a90')],
  };
}
