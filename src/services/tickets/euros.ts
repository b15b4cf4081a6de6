import type { Lang } from '../../engine/types';

const FORMATS: Record<Lang, Intl.NumberFormat> = {
  it: new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};

/** An amount in euro cents as the citizen reads it: "25,00 €" in Italian, "€25.00" in English. */
export function formatEuros(cents: number, lang: Lang): string {
  // Intl puts a no-break space before "€": a plain space reads the same in every channel.
  return FORMATS[lang].format(cents / 100).replace(/\u00a0/g, ' ');
}
