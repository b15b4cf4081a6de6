export {
  AA_TEXT_CONTRAST,
  type CityPalette,
  cityPalette,
  contrastRatio,
  PALE_TINT,
  parseHex,
} from './city-color';
export { escapeHtml } from './html-escape';
export { bootstrapItaliaDist, registerLookAssets } from './look-assets';
export { type ChromeSettings, footerHtml, safeUrl, slimHeaderHtml } from './page-chrome';
