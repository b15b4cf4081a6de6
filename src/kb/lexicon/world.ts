import type { KbLang } from '../entry';
import type { PhraseGroup } from '../phrase-matcher';

// i18n-iso-countries (MIT): every country's name in Italian and English, so "vado a vivere a Berlino" or "my
// wife is joining me from India" name what the entries call "l'estero" / "abroad" and their citizens.
const countries = require('i18n-iso-countries') as {
  registerLocale(locale: unknown): void;
  getNames(lang: string, options: { select: 'all' }): Record<string, string[]>;
};
countries.registerLocale(require('i18n-iso-countries/langs/it.json'));
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** Italy and the states inside it are not "abroad". */
const HOME = new Set(['IT', 'SM', 'VA']);

/**
 * Names that are also everyday words in a language ("Mali" are pains in Italian, "malta" is mortar; "Chad",
 * "Jordan" and "Turkey" are English words or names) or territories whose names mislead ("Isola di Natale").
 */
const AMBIGUOUS: Record<KbLang, Set<string>> = {
  it: new Set(['mali', 'malta', 'georgia', 'guernsey', 'jersey', 'man', 'niue', 'nauru', 'palau']),
  en: new Set(['chad', 'jordan', 'turkey', 'georgia', 'guernsey', 'jersey', 'man', 'nauru', 'niue', 'palau']),
};

/** Foreign cities Italians emigrate to or foreign residents come from, as citizens name them in a chat. */
const CITIES: Record<KbLang, string> = {
  it: `Londra, Parigi, Berlino, Monaco di Baviera, Zurigo, Ginevra, Lugano, Basilea, Bruxelles, Madrid, Barcellona,
  Lisbona, Amsterdam, Vienna, Dublino, New York, Buenos Aires, San Paolo, Sydney, Melbourne, Toronto, Montreal,
  Dubai, Francoforte, Stoccarda, Colonia, Amburgo, Lione, Marsiglia, Nizza, Bucarest, Tirana, Casablanca, Tunisi,
  Il Cairo, Pechino, Shanghai, Mumbai, Dacca, Manila, Lima, Kiev, Varsavia, Praga, Stoccolma, Copenaghen, Oslo,
  Helsinki, Atene, Lussemburgo, Miami, Boston, Chicago, Los Angeles, San Francisco, Rio de Janeiro, Caracas,
  Bogotà, Città del Messico`,
  en: `London, Paris, Berlin, Munich, Zurich, Geneva, Lugano, Basel, Brussels, Madrid, Barcelona, Lisbon, Amsterdam,
  Vienna, Dublin, New York, Buenos Aires, Sao Paulo, Sydney, Melbourne, Toronto, Montreal, Dubai, Frankfurt,
  Stuttgart, Cologne, Hamburg, Lyon, Marseille, Bucharest, Tirana, Casablanca, Tunis, Cairo, Beijing, Shanghai,
  Mumbai, Dhaka, Manila, Lima, Kyiv, Kiev, Warsaw, Prague, Stockholm, Copenhagen, Oslo, Helsinki, Athens,
  Luxembourg, Miami, Boston, Chicago, Los Angeles, San Francisco, Rio de Janeiro, Caracas, Bogota, Mexico City,
  Edinburgh, Manchester, Glasgow`,
};

/** Citizens of the European Union, as people say where they (or their family) come from. */
const EU_CITIZENS: Record<KbLang, string> = {
  it: `tedesco tedesca tedeschi tedesche francese francesi spagnolo spagnola spagnoli spagnole portoghese portoghesi
  rumeno rumena rumeni rumene romeno romena romeni polacco polacca polacchi bulgaro bulgara bulgari olandese olandesi
  belga belgi austriaco austriaca austriaci irlandese irlandesi greco greca greci svedese svedesi danese danesi
  finlandese finlandesi ceco ceca cechi slovacco slovacca slovacchi ungherese ungheresi croato croata croati
  sloveno slovena sloveni lituano lituana lettone estone maltese ciprioto cipriota lussemburghese`,
  en: `German Germans French Spanish Spaniard Portuguese Romanian Romanians Bulgarian Dutch Belgian Austrian Irish
  Greek Swedish Swede Danish Dane Finnish Finn Czech Slovak Hungarian Croatian Slovenian Lithuanian Latvian
  Estonian Maltese Cypriot Luxembourger`,
};

/** Citizens of countries outside the European Union most often met at an Italian anagrafe counter. */
const NON_EU_CITIZENS: Record<KbLang, string> = {
  it: `marocchino marocchina marocchini albanese albanesi cinese cinesi ucraino ucraina ucraini indiano indiana
  indiani filippino filippina filippini bengalese bengalesi egiziano egiziana egiziani pakistano pakistana
  pakistani nigeriano nigeriana nigeriani senegalese senegalesi peruviano peruviana peruviani srilankese
  tunisino tunisina tunisini moldavo moldava moldavi brasiliano brasiliana brasiliani ecuadoriano ecuadoriana
  americano americana americani statunitense canadese australiano australiana inglese inglesi britannico
  britannica britannici scozzese gallese svizzero svizzera svizzeri norvegese russo russa russi serbo serba
  macedone kosovaro ghanese ivoriano algerino algerina turco turca turchi argentino argentina venezuelano
  colombiano colombiana cubano cubana dominicano giapponese coreano`,
  en: `Moroccan Albanian Chinese Ukrainian Indian Filipino Filipina Bangladeshi Egyptian Pakistani Nigerian
  Senegalese Peruvian Sri Lankan Tunisian Moldovan Brazilian Ecuadorian American Canadian Australian British
  English Scottish Welsh Swiss Norwegian Russian Serbian Macedonian Kosovar Ghanaian Ivorian Algerian Turkish
  Argentinian Argentine Venezuelan Colombian Cuban Dominican Japanese Korean New Zealander South African`,
};

const ABROAD_OFFICIAL: Record<KbLang, string[]> = {
  it: ['estero', "all'estero", 'paese estero', 'stato estero', 'paesi esteri', 'fuori dall’Italia'],
  en: ['abroad', 'foreign country', 'overseas', 'outside Italy'],
};

const EU_OFFICIAL: Record<KbLang, string[]> = {
  it: [
    'cittadini comunitari',
    'cittadino comunitario',
    "cittadini dell'Unione europea",
    "cittadino dell'Unione europea",
    'cittadini UE',
  ],
  en: ['EU citizens', 'EU citizen', 'EU nationals', 'citizens of the European Union', 'EU national'],
};

const NON_EU_OFFICIAL: Record<KbLang, string[]> = {
  it: [
    'cittadini extracomunitari',
    'cittadino extracomunitario',
    'cittadini non comunitari',
    'cittadini di paesi terzi',
    'cittadini extra UE',
  ],
  en: ['non-EU citizens', 'non-EU citizen', 'non-EU nationals', 'third-country nationals', 'non-EU national'],
};

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** Every foreign country's names in a language, without the misleading ones. */
function foreignCountries(lang: KbLang): string[] {
  return (
    Object.entries(countries.getNames(lang, { select: 'all' }))
      .filter(([code]) => !HOME.has(code))
      .flatMap(([, names]) => names)
      .filter((n) => !/\b(isol[ae]|islands?)\b/i.test(n) && !AMBIGUOUS[lang].has(n.toLowerCase()))
      // Abbreviations ("US", "U.S.A.") read as ordinary words once folded.
      .filter((n) => !/^[A-Z.]{1,6}$/.test(n))
  );
}

/**
 * Phrase groups about the world outside Italy: being or going abroad (countries and major cities), and
 * citizens of the European Union or of other countries (nationalities). Merged into the built-in lexicon as
 * facets: they tell the entries of a service apart (AIRE from a change of address, EU from non-EU
 * residence) but never pick a service alone ("qual è la capitale dell'Australia?").
 */
export function worldGroups(lang: KbLang): PhraseGroup[] {
  return [
    {
      id: 'paese-estero',
      official: ABROAD_OFFICIAL[lang],
      everyday: [...foreignCountries(lang), ...CITIES[lang].split(/\s*,\s*/)],
      facet: true,
    },
    { id: 'cittadinanza-ue', official: EU_OFFICIAL[lang], everyday: words(EU_CITIZENS[lang]), facet: true },
    {
      id: 'cittadinanza-extra-ue',
      official: NON_EU_OFFICIAL[lang],
      everyday: words(NON_EU_CITIZENS[lang]),
      facet: true,
    },
  ];
}
