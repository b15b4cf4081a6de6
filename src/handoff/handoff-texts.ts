import { MONTH_NAMES, WEEKDAY_NAMES } from '../engine/calendar';
import { format } from '../engine/texts';
import type { Lang } from '../engine/types';
import type { Opening, WeeklyHours } from './office-hours';

/** The handoff room's sentences to citizens, in Italian and English (`{name}` placeholders). */
export const handoffTexts = {
  it: {
    queued:
      'Ho inoltrato la tua richiesta a un operatore. Ti risponderà qui appena possibile: non serve ripetere la domanda. {position} {hours}',
    position: 'Sei al {n}° posto in coda.',
    positionFirst: 'Sei il primo in coda.',
    positionUpdate: 'Aggiornamento: ora sei al {n}° posto in coda.',
    positionUpdateFirst: 'Aggiornamento: ora sei il primo in coda, tocca a te tra poco.',
    alreadyQueued: 'La tua richiesta è già in coda, non serve ripeterla. {position} {hours}',
    keptForOperator:
      'Ho inoltrato il tuo messaggio: l’operatore lo leggerà quando prende in carico la conversazione. {position} {hours} Se non ti serve più, scrivi «annulla».',
    hoursOpen: 'Gli operatori rispondono {hours}.',
    hoursClosed: 'Ora l’ufficio è chiuso: un operatore sarà disponibile {opening} (orari: {hours}).',
    withdrawn: 'Va bene, ho ritirato la tua richiesta di parlare con un operatore. Come posso aiutarti?',
    alreadyHeld: 'Sei già in contatto con un operatore: scrivi pure qui.',
    claimed: '{operator} del {city} ha preso in carico la tua richiesta e ti risponde qui.',
    transferred: 'Ti passo a un collega, {operator}, che continua da qui.',
    operatorLabel: '{operator} (operatore)',
    returned:
      'L’operatore ti ha rimesso in contatto con l’assistente digitale. Se ti serve altro, scrivi pure la tua domanda.',
    closed: 'La conversazione con l’operatore è terminata. Grazie per averci contattato!',
    ratingAsk: 'Come valuti l’aiuto ricevuto? Scegli un voto da 1 (pessimo) a 5 (ottimo).',
    ratingThanks: 'Grazie per la tua valutazione!',
    closedOffice:
      'In questo momento l’ufficio è chiuso e nessun operatore può risponderti. Riapre {opening}. Se vuoi, lascia un recapito e ti ricontatteremo.',
    closedOfficeNoHours:
      'In questo momento nessun operatore è disponibile. Se vuoi, lascia un recapito e ti ricontatteremo.',
    callbackYes: 'Lascia un recapito',
    callbackNo: 'No, grazie',
    callbackAskContact: 'Scrivi un numero di telefono o un indirizzo email a cui ricontattarti.',
    callbackBadContact:
      'Non sembra un numero di telefono o un indirizzo email valido. Riprova (es. 333 1234567 oppure nome@esempio.it) o scrivi «annulla».',
    callbackAskMessage: 'Descrivi in breve di cosa hai bisogno, così l’operatore arriva preparato.',
    callbackDone:
      'Fatto: la tua richiesta di ricontatto è registrata con il numero {id}. Un operatore ti ricontatterà quando l’ufficio riapre{opening}.',
    callbackDeclined: 'Va bene. Puoi sempre scrivermi la tua domanda: provo ad aiutarti io.',
    offerOpen:
      'Mi dispiace, non sono riuscito a trovare una risposta alle tue domande. Un operatore può aiutarti: in questo momento gli operatori sono in servizio (orari: {hours}). Vuoi parlare con un operatore o preferisci riformulare la domanda?',
    offerAlways:
      'Mi dispiace, non sono riuscito a trovare una risposta alle tue domande. Un operatore può aiutarti: vuoi parlare con un operatore o preferisci riformulare la domanda?',
    offerClosed:
      'Mi dispiace, non sono riuscito a trovare una risposta alle tue domande. Gli operatori ora non sono in servizio: tornano {opening} (orari: {hours}). Puoi lasciare un recapito per essere ricontattato, oppure riformulare la domanda.',
    offerClosedNoHours:
      'Mi dispiace, non sono riuscito a trovare una risposta alle tue domande. In questo momento nessun operatore è disponibile: puoi lasciare un recapito per essere ricontattato, oppure riformulare la domanda.',
    offerRephrase: 'Riformula la domanda',
    dayRange: 'dal {first} al {last}',
    dayRangeToSunday: 'dal {first} alla domenica',
    and: 'e',
    limitedConversation:
      'Hai già chiesto un operatore più volte nell’ultima ora: per ora non posso inoltrare altre richieste. Riprova più tardi, oppure scrivi qui la tua domanda.',
    limitedAddress:
      'In quest’ora sono arrivate molte richieste di operatore dalla tua rete: riprova tra qualche minuto, oppure scrivi qui la tua domanda.',
    today: 'oggi alle {time}',
    tomorrow: 'domani alle {time}',
    onDay: '{weekday} {day} {month} alle {time}',
  },
  en: {
    queued:
      'I have passed your request to an operator, who will answer here as soon as possible: no need to repeat your question. {position} {hours}',
    position: 'You are number {n} in the queue.',
    positionFirst: 'You are first in the queue.',
    positionUpdate: 'Update: you are now number {n} in the queue.',
    positionUpdateFirst: 'Update: you are now first in the queue, it will be your turn shortly.',
    alreadyQueued: 'Your request is already in the queue, no need to repeat it. {position} {hours}',
    keptForOperator:
      'I have passed your message on: the operator will read it when they take up the conversation. {position} {hours} If you no longer need it, type “cancel”.',
    hoursOpen: 'Operators answer {hours}.',
    hoursClosed: 'The office is closed now: an operator will be available {opening} (hours: {hours}).',
    withdrawn: 'All right, I withdrew your request to talk to an operator. How can I help you?',
    alreadyHeld: 'You are already talking with an operator: just write here.',
    claimed: '{operator} from {city} has taken your request and will answer you here.',
    transferred: 'I am passing you to a colleague, {operator}, who will continue from here.',
    operatorLabel: '{operator} (operator)',
    returned:
      'The operator has passed you back to the digital assistant. If you need anything else, just ask.',
    closed: 'The conversation with the operator has ended. Thank you for contacting us!',
    ratingAsk: 'How would you rate the help you received? Pick a score from 1 (very poor) to 5 (excellent).',
    ratingThanks: 'Thank you for your rating!',
    closedOffice:
      'The office is closed right now and no operator can answer. It opens again {opening}. If you like, leave your contact details and we will get back to you.',
    closedOfficeNoHours:
      'No operator is available right now. If you like, leave your contact details and we will get back to you.',
    callbackYes: 'Leave my contact',
    callbackNo: 'No, thanks',
    callbackAskContact: 'Type a phone number or an email address where we can reach you.',
    callbackBadContact:
      'That does not look like a valid phone number or email address. Try again (e.g. 333 1234567 or name@example.org) or type “cancel”.',
    callbackAskMessage: 'Briefly describe what you need, so the operator comes prepared.',
    callbackDone:
      'Done: your callback request is registered with number {id}. An operator will contact you when the office opens again{opening}.',
    callbackDeclined: 'All right. You can always type your question: I will try to help.',
    offerOpen:
      'Sorry, I could not find an answer to your questions. An operator can help you: operators are available right now (hours: {hours}). Would you like to talk to an operator or rephrase your question?',
    offerAlways:
      'Sorry, I could not find an answer to your questions. An operator can help you: would you like to talk to an operator or rephrase your question?',
    offerClosed:
      'Sorry, I could not find an answer to your questions. Operators are not available right now: they are back {opening} (hours: {hours}). You can leave your contact details to be called back, or rephrase your question.',
    offerClosedNoHours:
      'Sorry, I could not find an answer to your questions. No operator is available right now: you can leave your contact details to be called back, or rephrase your question.',
    offerRephrase: 'Rephrase the question',
    dayRange: '{first} to {last}',
    dayRangeToSunday: '{first} to Sunday',
    and: 'and',
    limitedConversation:
      'You have already asked for an operator several times in the last hour: I cannot pass on more requests for now. Please try again later, or type your question here.',
    limitedAddress:
      'Many requests for an operator came from your network this hour: please try again in a few minutes, or type your question here.',
    today: 'today at {time}',
    tomorrow: 'tomorrow at {time}',
    onDay: '{weekday} {day} {month} at {time}',
  },
} satisfies Record<Lang, Record<string, string>>;

/** A key of {@link handoffTexts}. */
export type HandoffTextKey = keyof (typeof handoffTexts)['it'];

/** One handoff sentence in the language, placeholders filled (an empty one leaves no double space). */
export function ht(lang: Lang, key: HandoffTextKey, vars: Record<string, string | number> = {}): string {
  return format(handoffTexts[lang][key], vars).replace(/ {2,}/g, ' ').trim();
}

/** Says when the office opens in words: "oggi alle 14:30", "domani alle 08:30", "lunedì 7 aprile alle 08:30". */
export function describeOpening(lang: Lang, opening: Opening): string {
  if (opening.daysAhead === 0) return ht(lang, 'today', { time: opening.time });
  if (opening.daysAhead === 1) return ht(lang, 'tomorrow', { time: opening.time });
  return ht(lang, 'onDay', {
    weekday: WEEKDAY_NAMES[lang][opening.weekday] ?? '',
    day: Number(opening.date.slice(8, 10)),
    month: MONTH_NAMES[lang][Number(opening.date.slice(5, 7)) - 1] ?? '',
    time: opening.time,
  });
}

/** Days of the week as citizens read them, Monday first (indexes of `Date#getUTCDay`). */
const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];

/** "08:30" from minutes of the day. */
function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A list in words: "a", "a e b", "a, b e c". */
function inWords(lang: Lang, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${ht(lang, 'and')} ${items.at(-1)}`;
}

/** Days in words, three or more in a row as a range: "dal lunedì al venerdì", "martedì e giovedì". */
function describeDays(lang: Lang, days: readonly number[]): string {
  const order = days.map((d) => MONDAY_FIRST.indexOf(d)).sort((a, b) => a - b);
  const name = (position: number) => WEEKDAY_NAMES[lang][MONDAY_FIRST[position] ?? 0] ?? '';
  const parts: string[] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1] === (order[j] ?? 0) + 1) j++;
    const first = order[i] ?? 0;
    const last = order[j] ?? 0;
    if (j - i >= 2) {
      const key = MONDAY_FIRST[last] === 0 ? 'dayRangeToSunday' : 'dayRange';
      parts.push(ht(lang, key, { first: name(first), last: name(last) }));
    } else for (let k = i; k <= j; k++) parts.push(name(order[k] ?? 0));
    i = j + 1;
  }
  return inWords(lang, parts);
}

/**
 * The weekly opening hours in words, each time range with its days, ranges open on the same days together:
 * "dal lunedì al venerdì 08:30–12:30; martedì e giovedì 14:30–17:00". Empty when always open.
 */
export function describeWeek(lang: Lang, week: WeeklyHours): string {
  if (week.every((day) => day.length === 1 && day[0]?.[0] === 0 && day[0]?.[1] === 24 * 60)) return '';
  const daysOf = new Map<string, number[]>();
  for (const day of MONDAY_FIRST) {
    for (const [start, end] of week[day] ?? []) {
      const range = `${clock(start)}–${clock(end)}`;
      daysOf.set(range, [...(daysOf.get(range) ?? []), day]);
    }
  }
  const groups = new Map<string, { days: number[]; ranges: string[] }>();
  for (const [range, days] of [...daysOf].sort(([a], [b]) => a.localeCompare(b))) {
    const key = days.join(',');
    const group = groups.get(key) ?? { days, ranges: [] };
    group.ranges.push(range);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => `${describeDays(lang, g.days)} ${inWords(lang, g.ranges)}`)
    .join('; ');
}
