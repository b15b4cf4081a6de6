import type { KbLang } from './entry';

// Function words plus the filler citizens wrap questions in ("vorrei sapere", "could you tell me"): they say
// nothing about which entry is meant, so they neither help nor hurt a match.
const IT = `a ad al allo ai agli all alla alle agl c che chi ci cio come con col coi cosa cose cui d da dal dallo dai
dagli dall dalla dalle de dei del dell della delle dello degli di dove e ed egli ella essi gli ha hai hanno ho i il in
io l la le lei li lo loro lui ma me mi mia mie miei mio ne nei nel nell nella nelle nello negli noi non nostro nostra
o od per perche piu po pero qua qual quale quali qualcuno qualcosa quando quanto quanta quanti quante quel quella quelle
quelli quello questa queste questi questo qui s sa se sei si sia siamo sono su sua sue sui sul sull sulla sulle suo
suoi t te ti tra fra tu tua tue tuo tuoi un una uno uno vi voi vostro vostra c e è ce ciao salve buongiorno buonasera
grazie gentilmente cortesemente favore prego scusi scusate scusa volevo vorrei vorremmo voglio vuole sapere chiedere
chiedo domanda informazioni informazione info posso possiamo puo possono devo dobbiamo deve devono bisogna serve
servono occorre bisogno fare faccio fa sto stiamo essere avere ho abbiamo stato stata mai gia ancora anche solo proprio
esattamente ok okay allora quindi dunque oppure tipo cioe dite dica dirmi sapete sai sa aiuto aiutare aiutarmi
ragazzi comune esempio sportello bot potete potreste potrei dovrei qualche ogni tutto tutti tutte molto poco bene
hello ecco comunque boh mah beh eh ehm uff ahah haha raga insomma praticamente vabbe grz pls`;

const EN = `a an the and or but if of to in on at by for with from about into over after before as is are was were be
been being am do does did doing have has had having i me my mine we us our you your he him his she her it its they them
their this that these those what which who whom whose where when why how can could would should shall will may might
must need needs please hello hi hey thanks thank dear kindly want wanted wish like know tell let get got there here
any some all much many more most so too very just also then than not no yes ok okay up out do im ive dont doesnt
city council town hall office help information info question ask asking somebody someone anyone something
re ve ll don didn doesn isn aren wasn weren won wouldn couldn shouldn haven hasn hadn omg lol ugh um uh hmm pls
plz thx ty btw tbh idk yeah yep nope guys cheers haha wow oh ah`;

// Grammar words only (articles, prepositions, conjunctions, clitics, forms of "essere"/"avere"): left out even
// inside phrases. The other stop words above ("non", "dove", "comune", "stato") can make part of a phrase
// ("stato di famiglia", "matrimonio in comune", "quanto costa") though they mean nothing on their own.
const IT_FUNCTION = `a ad al allo ai agli all alla alle agl c ci d da dal dallo dai dagli dall dalla dalle de dei del dell
della delle dello degli di e ed gli ha hai hanno ho i il in l la le li lo ne nei nel nell nella nelle nello negli o od
per s si su sui sul sull sulla sulle sullo t tra fra un una uno vi è e con col coi`;

const EN_FUNCTION = `a an the and or of to in on at by for with from into as is are was were be been being am it its`;

const LISTS: Record<KbLang, Set<string>> = {
  it: new Set(IT.split(/\s+/).filter(Boolean)),
  en: new Set(EN.split(/\s+/).filter(Boolean)),
};

const FUNCTION: Record<KbLang, Set<string>> = {
  it: new Set(IT_FUNCTION.split(/\s+/).filter(Boolean)),
  en: new Set(EN_FUNCTION.split(/\s+/).filter(Boolean)),
};

/** True when a folded word carries no meaning for matching in that language. */
export function isStopword(lang: KbLang, word: string): boolean {
  return LISTS[lang].has(word) || word.length < 2;
}

/** True when a folded word is a grammar word, left out even inside phrases. */
export function isFunctionWord(lang: KbLang, word: string): boolean {
  return FUNCTION[lang].has(word) || word.length < 2;
}
