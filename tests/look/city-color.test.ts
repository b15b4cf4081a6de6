import { AA_TEXT_CONTRAST, cityPalette, contrastRatio, PALE_TINT, parseHex } from '../../src/look';

const WHITE = parseHex('#fff');

describe('the comune colour', () => {
  it('keeps Bootstrap Italia primary, which white text already reads on', () => {
    const palette = cityPalette('#0066CC');
    expect(palette).toMatchObject({ configured: '#0066cc', primary: '#0066cc', darkened: false });
    expect(contrastRatio(parseHex(palette.primary), WHITE)).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
  });

  it.each(['#ffcc00', '#7fbfff', '#fff', '#e0e0e0', '#33cc33'])(
    'darkens %s until white text on it reaches AA, keeping its hue',
    (hex) => {
      const palette = cityPalette(hex);
      expect(palette.darkened).toBe(true);
      const primary = parseHex(palette.primary);
      expect(contrastRatio(primary, WHITE)).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
      expect(contrastRatio(primary, parseHex(PALE_TINT))).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
      // Mixed with black: the channels keep their proportions.
      const [r, g, b] = parseHex(hex);
      const [pr, pg, pb] = primary;
      const k = Math.max(pr, pg, pb) / Math.max(r, g, b);
      expect(Math.abs(pr - r * k)).toBeLessThanOrEqual(1);
      expect(Math.abs(pg - g * k)).toBeLessThanOrEqual(1);
      expect(Math.abs(pb - b * k)).toBeLessThanOrEqual(1);
    },
  );

  it('gives darker shades for the slim header and footer', () => {
    const palette = cityPalette('#b30000');
    for (const shade of [palette.dark, palette.darker])
      expect(contrastRatio(parseHex(shade), WHITE)).toBeGreaterThan(
        contrastRatio(parseHex(palette.primary), WHITE),
      );
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio(parseHex('#000'), WHITE)).toBeCloseTo(21, 5);
    expect(contrastRatio(WHITE, WHITE)).toBe(1);
    expect(contrastRatio(parseHex('#767676'), WHITE)).toBeCloseTo(4.54, 2);
  });
});
