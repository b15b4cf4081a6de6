/** Words a citizen may type inside a form, compared after `normalize`. */
export const FORM_WORDS = {
  back: new Set(['indietro', 'torna indietro', 'back', 'go back', 'previous', 'precedente', 'form back']),
  help: new Set(['aiuto', 'help', 'info', 'non capisco', 'non ho capito', 'spiegami']),
  menu: new Set(['menu', 'menu principale', 'main menu', 'indice']),
  resume: new Set(['continua', 'continue', 'continua la pratica', 'riprendi', 'form resume']),
  skip: new Set(['salta', 'skip', 'nessuno', 'nessuna', 'none', 'form skip']),
  confirm: new Set([
    'conferma',
    'confermo',
    'conferma e invia',
    'invia',
    'si',
    'ok',
    'confirm',
    'yes',
    'send',
    'form confirm',
  ]),
  edit: new Set(['modifica', 'modificare', 'correggi', 'cambia', 'edit', 'change', 'form edit']),
} as const;

/** Choice values the form uses for its own buttons (they fold to the words above). */
export const FORM_VALUES = {
  back: 'form:back',
  resume: 'form:resume',
  skip: 'form:skip',
  confirm: 'form:confirm',
  edit: 'form:edit',
  /** Followed by a step id. */
  editField: 'form:edit:',
  /** Followed by a slot `YYYY-MM-DDTHH:MM`. */
  slot: 'form:slot:',
} as const;
