import type { KbLang } from '../entry';

// How people abbreviate in a chat ("nn so qnd passa", "can I book an appt tmrw"): each shorthand stands for the
// word it abbreviates, so it can take part in a phrase ("quanto costa") or be corrected like any other word.
// Only unambiguous forms: "cm" (centimetres) and "doc" (the wine) are left alone.
const SHORTHAND: Record<KbLang, Record<string, string>> = {
  it: {
    nn: 'non',
    xke: 'perche',
    xche: 'perche',
    xk: 'perche',
    qnd: 'quando',
    qndo: 'quando',
    qnt: 'quanto',
    qnto: 'quanto',
    qto: 'quanto',
    cmq: 'comunque',
    cn: 'con',
    ke: 'che',
    dv: 'dove',
    sn: 'sono',
    x: 'per',
    grz: 'grazie',
    tel: 'telefono',
    num: 'numero',
    msg: 'messaggio',
  },
  en: {
    appt: 'appointment',
    appts: 'appointments',
    tmrw: 'tomorrow',
    tmr: 'tomorrow',
    '2day': 'today',
    b4: 'before',
    hrs: 'hours',
    mins: 'minutes',
    nite: 'night',
    nites: 'nights',
    bday: 'birthday',
    govt: 'government',
    dept: 'department',
    ppl: 'people',
    cuz: 'because',
    coz: 'because',
    tho: 'though',
    wanna: 'want',
    gonna: 'going',
    gotta: 'got',
  },
};

/** Folded words with chat shorthand written out ("qnd" → "quando"). */
export function expandShorthand(lang: KbLang, words: readonly string[]): string[] {
  const table = SHORTHAND[lang];
  return words.map((w) => table[w] ?? w);
}
