import type { AppointmentIntent } from './appointment-change-dialog';

const NOUN = /^(appuntament[oi]|prenotazion[ei]|appointments?|booking|bookings)$/;
const MOVE = new Set([
  'sposta',
  'spostare',
  'sposto',
  'spostami',
  'cambia',
  'cambiare',
  'cambio',
  'rinvia',
  'rinviare',
  'anticipa',
  'anticipare',
  'move',
  'reschedule',
  'change',
]);
const CANCEL = new Set([
  'annulla',
  'annullare',
  'annullo',
  'disdici',
  'disdire',
  'disdico',
  'disdetta',
  'cancella',
  'cancellare',
  'cancel',
]);
const LIST = [
  'miei appuntamenti',
  'mie prenotazioni',
  'my appointments',
  'my bookings',
  'appuntamenti prenotati',
];

/**
 * What a message asks about the citizen's booked appointments, from its folded words: moving one
 * ("sposta l'appuntamento", "reschedule my appointment"), cancelling one ("disdici appuntamento", "cancel my
 * appointment") or seeing them ("i miei appuntamenti"); undefined for anything else, booking a new one included.
 */
export function appointmentIntentOf(folded: string): AppointmentIntent | undefined {
  const words = folded.split(' ');
  if (words.includes('reschedule')) return 'move';
  if (!words.some((w) => NOUN.test(w))) return undefined;
  if (words.some((w) => MOVE.has(w))) return 'move';
  if (words.some((w) => CANCEL.has(w))) return 'cancel';
  return LIST.some((p) => ` ${folded} `.includes(` ${p} `)) ? 'list' : undefined;
}
