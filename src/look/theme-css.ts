import type { CityPalette } from './city-color';

/**
 * The Titillium Web files served under `/look/fonts/`: our short name → the file in bootstrap-italia's
 * `dist/fonts/Titillium_Web/`. woff2 only: every browser that runs Web Chat reads it.
 */
export const TITILLIUM_FILES: Readonly<Record<string, { file: string; weight: number; style: string }>> = {
  'titillium-web-300.woff2': {
    file: 'titillium-web-v10-latin-ext_latin-300.woff2',
    weight: 300,
    style: 'normal',
  },
  'titillium-web-400.woff2': {
    file: 'titillium-web-v10-latin-ext_latin-regular.woff2',
    weight: 400,
    style: 'normal',
  },
  'titillium-web-400-italic.woff2': {
    file: 'titillium-web-v10-latin-ext_latin-italic.woff2',
    weight: 400,
    style: 'italic',
  },
  'titillium-web-600.woff2': {
    file: 'titillium-web-v10-latin-ext_latin-600.woff2',
    weight: 600,
    style: 'normal',
  },
  'titillium-web-700.woff2': {
    file: 'titillium-web-v10-latin-ext_latin-700.woff2',
    weight: 700,
    style: 'normal',
  },
};

/** `r, g, b` of a `#rrggbb` colour, for Bootstrap's `--bs-*-rgb` variables. */
function rgbList(hex: string): string {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ');
}

/**
 * The theme stylesheet served at `/look/theme.css`, made from config: Bootstrap Italia's fonts (its CSS leaves
 * `@font-face` to a script we do not ship), the city's colours as custom properties, and the Bootstrap Italia
 * components the pages use repainted with them (its compiled CSS has the default blue written in).
 */
export function themeCss(palette: CityPalette): string {
  const fonts = Object.entries(TITILLIUM_FILES).map(
    ([name, f]) =>
      `@font-face { font-family: "Titillium Web"; font-style: ${f.style}; font-weight: ${f.weight}; ` +
      `font-display: swap; src: url("/look/fonts/${name}") format("woff2"); }`,
  );
  return `${fonts.join('\n')}
:root {
  --city-color: ${palette.primary};
  --city-color-dark: ${palette.dark};
  --city-color-darker: ${palette.darker};
  --bs-primary: ${palette.primary};
  --bs-primary-rgb: ${rgbList(palette.primary)};
  --bs-link-color: ${palette.primary};
  --bs-link-hover-color: ${palette.dark};
}
/* Two classes, to outweigh Bootstrap Italia's fixed heights and paddings (.it-header-center-wrapper.it-small-header):
   the header grows with its text when zoomed, and every strip starts 18px from the edge. */
.it-header-wrapper .container-fluid, .it-footer .container-fluid { padding-left: 18px; padding-right: 18px; }
.it-header-wrapper .it-header-slim-wrapper { background: var(--city-color-dark); color: #fff; padding: .25rem 0;
  height: auto; }
.it-header-wrapper .it-header-slim-wrapper-content, .it-header-wrapper .it-header-center-content-wrapper,
.it-header-wrapper .it-brand-wrapper { padding-left: 0; padding-right: 0; margin-left: 0; height: auto; }
.it-header-slim-wrapper .slim-name { margin: 0; font-size: .875rem; font-weight: 600; }
.it-header-wrapper .it-header-center-wrapper { background: var(--city-color); color: #fff; height: auto;
  min-height: 4rem; padding: .5rem 0; }
.it-header-center-wrapper .container-fluid { width: 100%; }
.it-header-center-wrapper .it-brand-title { margin: 0; color: #fff; font-weight: 600; line-height: 1.1; }
.it-header-center-wrapper .it-brand-tagline { margin: 0; color: #fff; font-size: .875rem; }
.it-footer-main { background-color: var(--city-color-dark); }
.it-footer-small-prints { background-color: var(--city-color-darker); color: #fff; }
.it-footer-small-prints ul.it-footer-small-prints-list { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem;
  margin: 0; padding: .75rem 0; list-style: none; }
.it-footer-small-prints ul.it-footer-small-prints-list li { padding: 0; margin: 0; }
.it-footer-small-prints a { color: #fff; }
.btn-primary {
  --bs-btn-bg: var(--city-color); --bs-btn-border-color: var(--city-color);
  --bs-btn-hover-bg: var(--city-color-dark); --bs-btn-hover-border-color: var(--city-color-dark);
  --bs-btn-active-bg: var(--city-color-darker); --bs-btn-active-border-color: var(--city-color-darker);
  --bs-btn-disabled-bg: var(--city-color); --bs-btn-disabled-border-color: var(--city-color);
  background-color: var(--bs-btn-bg); border-color: var(--bs-btn-border-color);
}
.btn-outline-primary {
  --bs-btn-color: var(--city-color); --bs-btn-border-color: var(--city-color);
  --bs-btn-hover-bg: var(--city-color); --bs-btn-hover-border-color: var(--city-color);
  color: var(--bs-btn-color); box-shadow: inset 0 0 0 2px var(--city-color);
}
`;
}
