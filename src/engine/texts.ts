import type { Lang } from './types';

/**
 * The engine's own sentences in Italian and English. Rooms keep their texts next to their code the same way;
 * `{name}` placeholders are filled by {@link format}.
 */
export const texts = {
  it: {
    welcome:
      'Buongiorno! Sono lo sportello digitale del {city}, aperto 7 giorni su 7. Posso rispondere alle domande frequenti, avviare una pratica o metterti in contatto con un operatore.',
    privacy:
      'Prima di iniziare: i messaggi che scrivi qui sono trattati dal {city} per rispondere alla tua richiesta. Leggi l’informativa privacy: [informativa]({privacyUrl}).',
    menuPrompt: 'Come posso aiutarti?',
    menuFaq: 'Domande frequenti',
    menuServices: 'Avvia una pratica',
    menuOperator: 'Parla con un operatore',
    askQuestion: 'Scrivi pure la tua domanda, per esempio: «Come rinnovo la carta d’identità?»',
    noAnswer:
      'Mi dispiace, non ho trovato una risposta sicura alla tua domanda. Puoi riformularla oppure parlare con un operatore.',
    notUnderstood:
      'Non sono sicuro di aver capito. Puoi scegliere una di queste opzioni o scrivere la tua domanda.',
    servicesPrompt: 'Quale pratica vuoi avviare?',
    noServices:
      'Al momento non ci sono pratiche che si possono avviare in chat. Puoi scrivere la tua domanda.',
    operatorQueued:
      'Ho inoltrato la tua richiesta a un operatore. Ti risponderà qui appena possibile: non serve ripetere la domanda.',
    cancelled: 'Va bene, ho annullato. Come posso aiutarti?',
    nothingToCancel: 'Non c’è nessuna richiesta in corso da annullare.',
    help: 'Puoi scrivere una domanda (es. «orari anagrafe»), scegliere «Avvia una pratica», scrivere «operatore» per parlare con una persona, «menu» per tornare al menu, «annulla» per interrompere, «english» to switch to English.',
    privacyOnly: 'Informativa privacy del {city}: [informativa]({privacyUrl}).',
    languageSet: 'D’accordo, continuiamo in italiano.',
    slowDown: 'Stai scrivendo molto velocemente: attendi qualche secondo e poi riprova, per favore.',
    failure:
      'Mi dispiace, si è verificato un problema tecnico e non ho potuto completare l’operazione. Nulla è andato perso: riprova tra poco.',
    emptyMessage: 'Non ho ricevuto testo. Scrivi la tua domanda o scegli un’opzione dal menu.',
  },
  en: {
    welcome:
      'Hello! I am the digital front desk of {city}, open 7 days a week. I can answer frequently asked questions, start a request or put you in touch with an operator.',
    privacy:
      'Before we start: the messages you write here are processed by {city} to answer your request. Read the privacy notice: [privacy notice]({privacyUrl}).',
    menuPrompt: 'How can I help you?',
    menuFaq: 'Frequently asked questions',
    menuServices: 'Start a request',
    menuOperator: 'Talk to an operator',
    askQuestion: 'Go ahead and type your question, for example: “How do I renew my identity card?”',
    noAnswer:
      'Sorry, I could not find a reliable answer to your question. You can rephrase it or talk to an operator.',
    notUnderstood: 'I am not sure I understood. You can pick one of these options or type your question.',
    servicesPrompt: 'Which request would you like to start?',
    noServices: 'No requests can be started in the chat at the moment. You can type your question.',
    operatorQueued:
      'I have passed your request to an operator, who will answer here as soon as possible: no need to repeat your question.',
    cancelled: 'All right, I cancelled it. How can I help you?',
    nothingToCancel: 'There is no request in progress to cancel.',
    help: 'You can type a question (e.g. “registry office opening hours”), choose “Start a request”, type “operator” to talk to a person, “menu” to go back to the menu, “cancel” to stop, “italiano” per passare all’italiano.',
    privacyOnly: 'Privacy notice of {city}: [privacy notice]({privacyUrl}).',
    languageSet: 'All right, let us continue in English.',
    slowDown: 'You are writing very fast: please wait a few seconds and try again.',
    failure:
      'Sorry, a technical problem stopped me from completing this. Nothing was lost: please try again shortly.',
    emptyMessage: 'I received no text. Type your question or pick an option from the menu.',
  },
} satisfies Record<Lang, Record<string, string>>;

/** A key of the engine's sentences. */
export type TextKey = keyof (typeof texts)['it'];

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  // Most sentences have no placeholder: no regular expression to run for them (one per reply, per message).
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (all, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : all,
  );
}
