/** A colour as red, green and blue channels in 0–255. */
export type Rgb = readonly [number, number, number];

/** The contrast WCAG 2.1 AA asks of normal text against its background (1.4.3). */
export const AA_TEXT_CONTRAST = 4.5;

/** The pale blue-grey the pages put behind text next to white (bot bubbles, page background). */
export const PALE_TINT = '#f2f7fc';

/** Reads `#rgb` or `#rrggbb` (any case) into its channels. */
export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) throw new RangeError(`not a hex colour: ${hex}`);
  const digits = m[1].length === 3 ? [...m[1]].map((d) => d + d).join('') : m[1];
  return [0, 2, 4].map((i) => Number.parseInt(digits.slice(i, i + 2), 16)) as unknown as Rgb;
}

/** Writes channels as lower-case `#rrggbb`. */
export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance as WCAG 2.1 defines it (sRGB channels linearised, weighted by the eye's sensitivity). */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour mixed with black: `amount` 0 keeps it, 1 is black. */
export function shade(rgb: Rgb, amount: number): Rgb {
  return rgb.map((c) => c * (1 - amount)) as unknown as Rgb;
}

/** The city's colour as the pages use it: the configured one, or a darker shade when white text on it is hard to read. */
export interface CityPalette {
  /** What `CITY_COLOR` said, as `#rrggbb`. */
  configured: string;
  /** The colour of the header, buttons and links: white on it reaches {@link AA_TEXT_CONTRAST}. */
  primary: string;
  /** Darker, for the slim header strip, hover and the footer's links area. */
  dark: string;
  /** Darkest, for the footer's small prints. */
  darker: string;
  /** Whether `primary` had to be darkened from `configured`. */
  darkened: boolean;
}

/**
 * The palette of a configured colour. A colour too light for white text is darkened in small steps (mixed with
 * black, so its hue stays) until white on it, and it on white and on {@link PALE_TINT}, reach AA: the comune's
 * colour is kept where it can be, and the pages stay readable whatever is configured.
 */
export function cityPalette(hex: string): CityPalette {
  const configured = parseHex(hex);
  // Links in the colour sit on the pale tint too (bot bubbles, page background), which is darker than white.
  const pale = parseHex(PALE_TINT);
  let amount = 0;
  // Checked as written to CSS (channels rounded), which can be a hair lighter than the exact shade.
  const written = (a: number) => parseHex(toHex(shade(configured, a)));
  while (contrastRatio(written(amount), pale) < AA_TEXT_CONTRAST && amount < 1) amount += 0.02;
  const primary = written(amount);
  return {
    configured: toHex(configured),
    primary: toHex(primary),
    dark: toHex(shade(primary, 0.25)),
    darker: toHex(shade(primary, 0.5)),
    darkened: amount > 0,
  };
}
