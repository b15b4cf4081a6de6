import { format } from '../engine/texts';
import type { Lang } from '../engine/types';

/** The sentences of moving and cancelling a booked appointment from the chat, in Italian and English. */
const texts = {
  it: {
    none: 'Non hai appuntamenti in programma.',
    list: 'I tuoi prossimi appuntamenti:',
    line: '- **{protocol}** «{service}»: {when}',
    pickMove: 'Quale appuntamento vuoi spostare?',
    pickCancel: 'Quale appuntamento vuoi disdire?',
    pickAny: 'Scegli se spostare o disdire un appuntamento.',
    moveButton: 'Sposta {protocol}',
    cancelButton: 'Disdici {protocol}',
    moveOffer:
      'Il tuo appuntamento «{service}» è {when}. Ecco altri orari liberi: scegline uno o scrivi un giorno (es. «venerdì»).',
    noOtherSlots:
      'Al momento non ci sono altri orari liberi per «{service}». Il tuo appuntamento resta {when}.',
    slotsOnDay: 'Orari liberi {day}:',
    noSlotsOnDay: 'Non ci sono orari liberi {day}. Ecco i primi disponibili:',
    slotUnknown:
      'Non ho capito l’orario: scegli uno degli orari proposti oppure scrivi un giorno (es. «venerdì»).',
    slotTaken:
      'Mi dispiace, quell’orario è stato appena prenotato da un’altra persona. Scegli un altro orario:',
    moved:
      'Fatto: il tuo appuntamento «{service}» (pratica {protocol}) è stato spostato a {when}. Il posto di prima è di nuovo libero per altri.',
    movedNote: 'Appuntamento spostato dal cittadino: da {from} a {to}',
    confirmCancel: 'Vuoi davvero disdire l’appuntamento «{service}» di {when} (pratica {protocol})?',
    cancelYes: 'Sì, disdici',
    cancelNo: 'No, lo tengo',
    cancelled:
      'Appuntamento disdetto (pratica {protocol}). Il posto è di nuovo libero; non riceverai promemoria.',
    cancelledNote: 'Appuntamento disdetto dal cittadino ({when})',
    kept: 'Va bene, il tuo appuntamento resta {when}.',
    gone: 'Questo appuntamento non è più modificabile (forse è già passato o è stato disdetto).',
  },
  en: {
    none: 'You have no upcoming appointments.',
    list: 'Your upcoming appointments:',
    line: '- **{protocol}** “{service}”: {when}',
    pickMove: 'Which appointment do you want to move?',
    pickCancel: 'Which appointment do you want to cancel?',
    pickAny: 'Choose whether to move or cancel an appointment.',
    moveButton: 'Move {protocol}',
    cancelButton: 'Cancel {protocol}',
    moveOffer:
      'Your appointment “{service}” is on {when}. Here are other free times: pick one or type a day (e.g. “Friday”).',
    noOtherSlots:
      'There are no other free times for “{service}” at the moment. Your appointment stays on {when}.',
    slotsOnDay: 'Free times on {day}:',
    noSlotsOnDay: 'There are no free times on {day}. Here are the first available:',
    slotUnknown:
      'I did not understand the time: pick one of the times offered or type a day (e.g. “Friday”).',
    slotTaken: 'Sorry, that time was just booked by someone else. Please choose another time:',
    moved:
      'Done: your appointment “{service}” (request {protocol}) is now on {when}. Your previous time is free again for others.',
    movedNote: 'Appointment moved by the citizen: from {from} to {to}',
    confirmCancel: 'Do you really want to cancel the appointment “{service}” on {when} (request {protocol})?',
    cancelYes: 'Yes, cancel it',
    cancelNo: 'No, keep it',
    cancelled:
      'Appointment cancelled (request {protocol}). The time is free again; you will get no reminder.',
    cancelledNote: 'Appointment cancelled by the citizen ({when})',
    kept: 'All right, your appointment stays on {when}.',
    gone: 'This appointment can no longer be changed (it may be past or already cancelled).',
  },
} as const;

/** A key of the appointment-change sentences. */
export type AppointmentTextKey = keyof (typeof texts)['it'];

/** One appointment-change sentence in a language, with placeholders filled. */
export function at(lang: Lang, key: AppointmentTextKey, vars: Record<string, string | number> = {}): string {
  return format(texts[lang][key], vars);
}
