import { format } from '../engine/texts';
import type { Lang } from '../engine/types';

/** The privacy room's sentences in Italian and English; `{name}` placeholders as in the engine. */
export const privacyTexts = {
  it: {
    explain:
      'Posso cancellare i tuoi dati personali raccolti su questo canale:\n' +
      '• la cronologia delle conversazioni con lo sportello;\n' +
      '• i dati personali delle tue pratiche (risposte ai moduli, allegati, recapiti);\n' +
      '• i testi personali delle richieste di contatto con un operatore.\n\n' +
      'Le pratiche restano come atti amministrativi del {city}: il numero di protocollo, il servizio, le date e la storia degli stati sono conservati per obbligo di legge, ma i tuoi dati vengono sostituiti con «[cancellato]». Dopo la cancellazione non potrò più avvisarti qui sugli aggiornamenti di quelle pratiche.\n\n' +
      'L’operazione non si può annullare. Vuoi procedere?',
    confirm: 'Sì, cancella i miei dati',
    decline: 'No, tienili',
    reask: 'Rispondi «sì» per cancellare i tuoi dati o «no» per tenerli.',
    declined: 'Va bene, non ho cancellato nulla.',
    done: 'Fatto: ho cancellato i tuoi dati personali (conversazioni: {conversations}; pratiche rese anonime: {tickets}; richieste a un operatore: {cases}). La cancellazione è registrata senza dati personali. Se scrivi ancora, la nuova conversazione ricomincia da zero.',
    failed:
      'Non sono riuscito a completare la cancellazione. Riprova tra qualche minuto o scrivi all’ufficio protocollo del {city}.',
  },
  en: {
    explain:
      'I can erase the personal data collected on this channel:\n' +
      '• the history of your conversations with the front desk;\n' +
      '• the personal data of your requests (form answers, attachments, contacts);\n' +
      '• the personal text of your requests to talk to an operator.\n\n' +
      'Your requests remain as administrative records of {city}: the protocol number, the service, the dates and the status history are kept as the law requires, but your data is replaced with “[cancellato]”. After the erasure I can no longer tell you here about updates on those requests.\n\n' +
      'This cannot be undone. Do you want to go ahead?',
    confirm: 'Yes, erase my data',
    decline: 'No, keep it',
    reask: 'Answer “yes” to erase your data or “no” to keep it.',
    declined: 'All right, I erased nothing.',
    done: 'Done: I erased your personal data (conversations: {conversations}; requests made anonymous: {tickets}; requests for an operator: {cases}). The erasure is recorded without personal data. If you write again, a new conversation starts from scratch.',
    failed:
      'I could not complete the erasure. Please try again in a few minutes or write to the records office of {city}.',
  },
} as const satisfies Record<Lang, Record<string, string>>;

/** A key of {@link privacyTexts}. */
export type PrivacyTextKey = keyof (typeof privacyTexts)['it'];

/** One of the privacy room's sentences in a language, with placeholders filled. */
export function privacyText(
  lang: Lang,
  key: PrivacyTextKey,
  vars: Record<string, string | number> = {},
): string {
  return format(privacyTexts[lang][key], vars);
}
