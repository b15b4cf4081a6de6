import { MONTH_NAMES, WEEKDAY_NAMES } from '../engine/calendar';
import { format } from '../engine/texts';
import type { Lang } from '../engine/types';
import type { Opening } from './office-hours';

/** The handoff room's sentences to citizens, in Italian and English (`{name}` placeholders). */
export const handoffTexts = {
  it: {
    queued:
      'Ho inoltrato la tua richiesta a un operatore. Ti risponderà qui appena possibile: non serve ripetere la domanda. {position}',
    position: 'Sei al {n}° posto in coda.',
    positionFirst: 'Sei il primo in coda.',
    positionUpdate: 'Aggiornamento: ora sei al {n}° posto in coda.',
    positionUpdateFirst: 'Aggiornamento: ora sei il primo in coda, tocca a te tra poco.',
    alreadyQueued: 'La tua richiesta è già in coda, non serve ripeterla. {position}',
    alreadyHeld: 'Sei già in contatto con un operatore: scrivi pure qui.',
    claimed: '{operator} del {city} ha preso in carico la tua richiesta e ti risponde qui.',
    transferred: 'Ti passo a un collega, {operator}, che continua da qui.',
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
    autoEscalate: 'Mi sembra di non riuscire ad aiutarti: ti metto in contatto con un operatore.',
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
      'I have passed your request to an operator, who will answer here as soon as possible: no need to repeat your question. {position}',
    position: 'You are number {n} in the queue.',
    positionFirst: 'You are first in the queue.',
    positionUpdate: 'Update: you are now number {n} in the queue.',
    positionUpdateFirst: 'Update: you are now first in the queue, it will be your turn shortly.',
    alreadyQueued: 'Your request is already in the queue, no need to repeat it. {position}',
    alreadyHeld: 'You are already talking with an operator: just write here.',
    claimed: '{operator} from {city} has taken your request and will answer you here.',
    transferred: 'I am passing you to a colleague, {operator}, who will continue from here.',
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
    autoEscalate: 'It seems I cannot help you: I am putting you in touch with an operator.',
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

/** One handoff sentence in the language, placeholders filled. */
export function ht(lang: Lang, key: HandoffTextKey, vars: Record<string, string | number> = {}): string {
  return format(handoffTexts[lang][key], vars).trim();
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
