import { format } from '../engine/texts';
import type { Lang } from '../engine/types';

/** The service-request room's sentences in Italian and English; `{name}` placeholders as in the engine. */
export const serviceTexts = {
  it: {
    intro:
      'Iniziamo la pratica «{title}». Puoi scrivere «indietro» per tornare alla domanda precedente, «aiuto» per una spiegazione, «annulla» per interrompere.',
    progress: 'Domanda {n} di {total}',
    progressAtMost: 'Domanda {n} su un massimo di {total}',
    currentAnswer: 'Risposta attuale: {value}',
    skip: 'Salta',
    yes: 'Sì',
    no: 'No',
    back: 'Indietro',
    firstStep: 'Sei già alla prima domanda.',
    help: 'Rispondi alla domanda, oppure scrivi «indietro» per tornare alla precedente, «annulla» per interrompere la pratica, «operatore» per parlare con una persona.',
    invalid: 'La risposta non va bene: {reason}',
    tooManyErrors:
      'Sembra che questa domanda dia qualche difficoltà. Se preferisci, un operatore può aiutarti.',
    backToForm: 'Torniamo alla pratica:',
    staleButton: 'Questo pulsante non vale più. Rispondi alla domanda qui sotto:',
    menuInForm:
      'Stai compilando la pratica «{title}». Vuoi continuare o tornare al menu? (Tornando al menu la pratica viene annullata.)',
    continueForm: 'Continua la pratica',
    leaveForm: 'Torna al menu',
    summary: 'Ecco il riepilogo della tua richiesta. Controlla i dati:',
    confirm: 'Conferma e invia',
    edit: 'Modifica',
    cancel: 'Annulla',
    confirmHint: 'Scegli «Conferma e invia», «Modifica» per correggere un dato, oppure «Annulla».',
    editWhich: 'Quale dato vuoi modificare?',
    done: 'Fatto! La tua richiesta è stata registrata con il numero di protocollo **{protocol}**. Conservalo: ti servirà per chiedere lo stato della pratica (scrivi «stato pratica {protocol}»).',
    checkStatus: 'Stato della pratica',
    feeSummary: 'Il servizio costa **{amount}**.',
    feePagoPa:
      'Il servizio costa **{amount}**: tra poco ti mando qui il codice avviso pagoPA e il link per pagare online. La pratica resta «in attesa di pagamento» finché il pagamento non arriva.',
    feeCounter:
      'Il servizio costa **{amount}**: puoi pagarlo allo sportello del Comune, negli orari di apertura, indicando il protocollo **{protocol}**.',
    slotTaken:
      'Mi dispiace, nel frattempo quell’orario è stato prenotato da un’altra persona. Scegli un altro orario:',
    slotsOffer:
      'Ecco i primi orari liberi. Puoi sceglierne uno o scrivere un giorno (per esempio «venerdì» o «12/03»):',
    slotsOnDay: 'Orari liberi {day}:',
    deskOffer: 'Scegli prima lo sportello:',
    otherDesk: 'Altro sportello',
    noSlotsOnDay: 'Non ci sono orari liberi {day}. Ecco i primi disponibili:',
    dayHoliday: '{day} è festivo: l’ufficio è chiuso. Ecco i primi orari disponibili:',
    dayClosed: '{day} l’ufficio è chiuso. Ecco i primi orari disponibili:',
    noSlots:
      'Al momento non ci sono orari liberi nei prossimi giorni. Puoi riprovare più tardi o parlare con un operatore.',
    slotLabel: '{weekday} {date} ore {time}',
    attachmentsValue: '{n} file ({names})',
    locationValue: 'posizione {lat}, {lon}',
    skipped: '—',
    statusOf: 'Pratica **{protocol}** ({service}), presentata il {date}: stato «{status}».',
    statusNotice:
      'Da pagare: {amount} con l’avviso pagoPA, codice avviso **{notice}**. Paga online qui: {link}',
    statusNote: 'Ultima nota dell’ufficio: {note}',
    notFound:
      'Non ho trovato tra le tue pratiche una richiesta con il numero {protocol}. Controlla il numero: lo trovi nel messaggio di conferma (es. ESE-2026-000123).',
    askProtocol: 'Scrivi il numero di protocollo della pratica, per esempio «stato pratica ESE-2026-000123».',
    myRequests: 'Le tue pratiche:',
    noRequests: 'Non risultano pratiche presentate da te in questa chat.',
    myRequestLine: '• **{protocol}** – {service} – {status} ({date})',
    statusChanged: 'Aggiornamento sulla tua pratica **{protocol}** ({service}): ora è «{status}».',
    whichService: 'Quale di queste pratiche vuoi avviare?',
    rankSoFar: 'Finora: {ranking}.',
    rankNext: 'Scegli la prossima in ordine di preferenza (almeno {min} in tutto).',
    rankNextOrDone: 'Scegli la prossima in ordine di preferenza, oppure «Fatto» se hai finito.',
    rankDone: 'Fatto',
    rankRestart: 'Ricomincia',
    rankRestarted: 'Va bene, ricominciamo dalla prima.',
    rankRepeated: '«{item}» è già al posto {n} della tua scelta: scegline un’altra.',
    rankNeedMore: 'Scegline almeno {min} prima di «Fatto».',
  },
  en: {
    intro:
      'Let us start the request “{title}”. You can type “back” to go to the previous question, “help” for an explanation, “cancel” to stop.',
    progress: 'Question {n} of {total}',
    progressAtMost: 'Question {n} of at most {total}',
    currentAnswer: 'Current answer: {value}',
    skip: 'Skip',
    yes: 'Yes',
    no: 'No',
    back: 'Back',
    firstStep: 'This is already the first question.',
    help: 'Answer the question, or type “back” to go to the previous one, “cancel” to stop the request, “operator” to talk to a person.',
    invalid: 'That answer does not work: {reason}',
    tooManyErrors: 'This question seems to be giving you trouble. If you prefer, an operator can help you.',
    backToForm: 'Back to your request:',
    staleButton: 'That button is no longer valid. Please answer the question below:',
    menuInForm:
      'You are filling in the request “{title}”. Do you want to continue or go back to the menu? (Going back to the menu cancels the request.)',
    continueForm: 'Continue the request',
    leaveForm: 'Back to the menu',
    summary: 'Here is the summary of your request. Please check it:',
    confirm: 'Confirm and send',
    edit: 'Edit',
    cancel: 'Cancel',
    confirmHint: 'Choose “Confirm and send”, “Edit” to correct something, or “Cancel”.',
    editWhich: 'What do you want to change?',
    done: 'Done! Your request has been recorded with protocol number **{protocol}**. Keep it: you will need it to ask for the status (type “status {protocol}”).',
    checkStatus: 'Request status',
    feeSummary: 'The service costs **{amount}**.',
    feePagoPa:
      'The service costs **{amount}**: in a moment I will send you here the pagoPA notice code and the link to pay online. The request stays “awaiting payment” until the payment arrives.',
    feeCounter:
      'The service costs **{amount}**: you can pay it at the comune’s counter, during opening hours, quoting the protocol **{protocol}**.',
    slotTaken: 'Sorry, that time was booked by someone else meanwhile. Please choose another time:',
    slotsOffer: 'Here are the first free times. Pick one or type a day (for example “Friday” or “12/03”):',
    slotsOnDay: 'Free times on {day}:',
    deskOffer: 'First choose the desk:',
    otherDesk: 'Another desk',
    noSlotsOnDay: 'There are no free times on {day}. Here are the first available:',
    dayHoliday: '{day} is a public holiday: the office is closed. Here are the first available times:',
    dayClosed: 'The office is closed on {day}. Here are the first available times:',
    noSlots:
      'There are no free times in the coming days at the moment. You can try again later or talk to an operator.',
    slotLabel: '{weekday} {date} at {time}',
    attachmentsValue: '{n} file(s) ({names})',
    locationValue: 'location {lat}, {lon}',
    skipped: '—',
    statusOf: 'Request **{protocol}** ({service}), submitted on {date}: status “{status}”.',
    statusNotice:
      'To pay: {amount} with the pagoPA notice, notice code **{notice}**. Pay online here: {link}',
    statusNote: 'Latest note from the office: {note}',
    notFound:
      'I could not find a request with number {protocol} among yours. Please check the number: it is in the confirmation message (e.g. ESE-2026-000123).',
    askProtocol: 'Type the protocol number of the request, for example “status ESE-2026-000123”.',
    myRequests: 'Your requests:',
    noRequests: 'There are no requests submitted by you in this chat.',
    myRequestLine: '• **{protocol}** – {service} – {status} ({date})',
    statusChanged: 'Update on your request **{protocol}** ({service}): it is now “{status}”.',
    whichService: 'Which of these requests do you want to start?',
    rankSoFar: 'So far: {ranking}.',
    rankNext: 'Choose the next one in order of preference (at least {min} in all).',
    rankNextOrDone: 'Choose the next one in order of preference, or “Done” if you have finished.',
    rankDone: 'Done',
    rankRestart: 'Start over',
    rankRestarted: 'All right, let us start again from the first.',
    rankRepeated: '“{item}” is already number {n} in your choice: please pick another one.',
    rankNeedMore: 'Choose at least {min} before “Done”.',
  },
} satisfies Record<Lang, Record<string, string>>;

/** Why an answer was refused, by validator reason code. */
export const reasonTexts: Record<Lang, Record<string, string>> = {
  it: {
    cf_length: 'il codice fiscale ha 16 caratteri (ne ho contati {length}).',
    cf_format:
      'il codice fiscale è fatto di 6 lettere, 2 cifre, 1 lettera, 2 cifre, 1 lettera, 3 cifre e 1 lettera (es. RSSMRA80A01H501U).',
    cf_date:
      'la data di nascita contenuta nel codice fiscale non esiste: controlla i caratteri dal 7° all’11°.',
    cf_checksum:
      'il codice fiscale non è corretto (l’ultimo carattere di controllo non corrisponde). Controlla di averlo scritto bene.',
    targa_format: 'la targa deve essere come AB123CD (auto) o AB12345 (moto).',
    targa_format_car: 'la targa di un’auto è fatta di 2 lettere, 3 cifre e 2 lettere, come AB123CD.',
    targa_format_moto: 'la targa di una moto è fatta di 2 lettere e 5 cifre, come AB12345.',
    targa_letters:
      'le targhe italiane non contengono le lettere I, O, Q e U: forse hai scritto una lettera al posto di una cifra?',
    iban_format: 'l’IBAN inizia con due lettere e due cifre (es. IT60X0542811101000000123456).',
    iban_country: 'non posso accettare un IBAN del paese {country}.',
    iban_length: 'un IBAN {country} ha {length} caratteri (ne ho contati {got}).',
    iban_checksum:
      'l’IBAN non è corretto (le cifre di controllo non corrispondono). Controlla di averlo copiato bene.',
    iban_cin:
      'l’IBAN non è corretto: il quinto carattere (la lettera CIN) non corrisponde al resto. Controlla di averlo copiato bene.',
    cap_format: 'il CAP è fatto di 5 cifre (es. 40121).',
    cap_range: 'questo CAP non esiste in Italia.',
    cap_area: 'questo CAP non è del nostro territorio.',
    phone_format:
      'scrivi un numero di telefono italiano (es. 333 1234567 o 051 123456) o internazionale con il prefisso (es. +44…).',
    phone_italian: 'serve un numero di telefono italiano.',
    phone_mobile: 'serve un numero di cellulare (es. 333 1234567).',
    phone_landline: 'serve un numero di telefono fisso (es. 051 123456).',
    email_format: 'l’indirizzo e-mail non sembra valido (es. nome@esempio.it).',
    date_format:
      'non ho capito la data: scrivila come gg/mm/aaaa (es. 25/12/2026) oppure «domani», «lunedì».',
    date_min: 'la data non può essere precedente al {min}.',
    date_max: 'la data non può essere successiva al {max}.',
    number_format: 'serve un numero (es. 12 oppure 12,5).',
    number_integer: 'serve un numero intero.',
    number_min: 'il numero deve essere almeno {min}.',
    number_max: 'il numero deve essere al massimo {max}.',
    text_short: 'la risposta è troppo corta (almeno {min} caratteri).',
    text_long: 'la risposta è troppo lunga (al massimo {max} caratteri, ne hai scritti {length}).',
    text_pattern: 'la risposta non è nel formato richiesto.',
    yes_no: 'rispondi «sì» o «no».',
    choice_unknown: 'scegli una delle opzioni proposte (puoi anche scriverne il numero).',
    address_short: 'scrivi l’indirizzo completo (es. Via Roma 12).',
    address_number: 'manca il numero civico (es. Via Roma 12; scrivi «snc» se non c’è).',
    location_missing:
      'invia la posizione (graffetta → Posizione) oppure scrivi l’indirizzo (es. Via Roma 12).',
    location_invalid: 'la posizione ricevuta non è valida: riprova o scrivi l’indirizzo.',
    photo_missing: 'invia una foto (graffetta → Foto).',
    photo_type: 'il file inviato non è una foto.',
    attachment_missing: 'invia il documento come allegato (graffetta → File).',
    attachment_type: 'il file non è di un tipo accettato ({accept}).',
    attachment_size: 'il file è troppo grande (al massimo {max} MB).',
    attachment_count: 'puoi inviare al massimo {max} file.',
    required: 'questa informazione è obbligatoria.',
    slot_unknown: 'scegli uno degli orari proposti, oppure scrivi un giorno (es. «venerdì»).',
    slot_full: 'quell’orario non è disponibile.',
    desk_unknown: 'scegli uno degli sportelli proposti (puoi anche scriverne il numero).',
  },
  en: {
    cf_length: 'an Italian tax code has 16 characters (I counted {length}).',
    cf_format:
      'an Italian tax code is 6 letters, 2 digits, 1 letter, 2 digits, 1 letter, 3 digits and 1 letter (e.g. RSSMRA80A01H501U).',
    cf_date: 'the birth date inside the tax code does not exist: check characters 7 to 11.',
    cf_checksum: 'the tax code is not correct (the last check character does not match). Please check it.',
    targa_format: 'the plate must look like AB123CD (car) or AB12345 (motorcycle).',
    targa_format_car: 'a car plate is 2 letters, 3 digits and 2 letters, like AB123CD.',
    targa_format_moto: 'a motorcycle plate is 2 letters and 5 digits, like AB12345.',
    targa_letters:
      'Italian plates never contain the letters I, O, Q and U: did you type a letter instead of a digit?',
    iban_format: 'an IBAN starts with two letters and two digits (e.g. IT60X0542811101000000123456).',
    iban_country: 'I cannot accept an IBAN from country {country}.',
    iban_length: 'a {country} IBAN has {length} characters (I counted {got}).',
    iban_checksum:
      'the IBAN is not correct (its check digits do not match). Please check you copied it right.',
    iban_cin:
      'the IBAN is not correct: its fifth character (the CIN letter) does not match the rest. Please check you copied it right.',
    cap_format: 'a postal code (CAP) is 5 digits (e.g. 40121).',
    cap_range: 'this postal code does not exist in Italy.',
    cap_area: 'this postal code is not in our area.',
    phone_format:
      'type an Italian phone number (e.g. 333 1234567) or an international one with its prefix (e.g. +44…).',
    phone_italian: 'an Italian phone number is needed.',
    phone_mobile: 'a mobile number is needed (e.g. 333 1234567).',
    phone_landline: 'a landline number is needed (e.g. 051 123456).',
    email_format: 'the e-mail address does not look valid (e.g. name@example.com).',
    date_format:
      'I did not understand the date: write it as dd/mm/yyyy (e.g. 25/12/2026) or “tomorrow”, “Monday”.',
    date_min: 'the date cannot be before {min}.',
    date_max: 'the date cannot be after {max}.',
    number_format: 'a number is needed (e.g. 12 or 12.5).',
    number_integer: 'a whole number is needed.',
    number_min: 'the number must be at least {min}.',
    number_max: 'the number must be at most {max}.',
    text_short: 'the answer is too short (at least {min} characters).',
    text_long: 'the answer is too long (at most {max} characters, you wrote {length}).',
    text_pattern: 'the answer is not in the expected format.',
    yes_no: 'please answer “yes” or “no”.',
    choice_unknown: 'please pick one of the options (you can also type its number).',
    address_short: 'type the full address (e.g. Via Roma 12).',
    address_number: 'the house number is missing (e.g. Via Roma 12; type “snc” if there is none).',
    location_missing: 'send your location (paperclip → Location) or type the address (e.g. Via Roma 12).',
    location_invalid: 'the location received is not valid: try again or type the address.',
    photo_missing: 'send a photo (paperclip → Photo).',
    photo_type: 'the file you sent is not a photo.',
    attachment_missing: 'send the document as an attachment (paperclip → File).',
    attachment_type: 'the file type is not accepted ({accept}).',
    attachment_size: 'the file is too large (at most {max} MB).',
    attachment_count: 'you can send at most {max} files.',
    required: 'this information is required.',
    slot_unknown: 'pick one of the times offered, or type a day (e.g. “Friday”).',
    slot_full: 'that time is not available.',
    desk_unknown: 'pick one of the desks offered (you can also type its number).',
  },
};

/** A key of the room's sentences. */
export type ServiceTextKey = keyof (typeof serviceTexts)['it'];

/** One of the room's sentences in a language, with placeholders filled. */
export function st(lang: Lang, key: ServiceTextKey, vars: Record<string, string | number> = {}): string {
  return format(serviceTexts[lang][key], vars);
}

/** The sentence explaining a validator's reason code. */
export function reasonText(lang: Lang, reason: string, vars: Record<string, string | number> = {}): string {
  return format(reasonTexts[lang][reason] ?? reasonTexts[lang].text_pattern ?? reason, vars);
}
