import { buttonValue } from '../engine/button-values';

/** Words a citizen may type inside a form, compared after `normalize`. */
export const FORM_WORDS = {
  back: new Set(['indietro', 'torna indietro', 'back', 'go back', 'previous', 'precedente']),
  help: new Set(['aiuto', 'help', 'info', 'non capisco', 'non ho capito', 'spiegami']),
  menu: new Set(['menu', 'menu principale', 'main menu', 'indice']),
  resume: new Set(['continua', 'continue', 'continua la pratica', 'riprendi']),
  skip: new Set(['salta', 'skip', 'nessuno', 'nessuna', 'none']),
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
  ]),
  edit: new Set(['modifica', 'modificare', 'correggi', 'cambia', 'edit', 'change']),
  /** Ends a ranking being built (a `ranked_choice` question answered one option at a time). */
  rankDone: new Set(['fatto', 'finito', 'basta cosi', 'done', 'finished']),
  /** Empties a ranking being built. */
  rankRestart: new Set(['ricomincia', 'ricominciare', 'da capo', 'restart', 'start over', 'start again']),
} as const;

/** Choice values of the form's own buttons (made by the engine's button-values module). */
export const FORM_VALUES = {
  back: buttonValue({ kind: 'form', action: 'back' }),
  resume: buttonValue({ kind: 'form', action: 'resume' }),
  skip: buttonValue({ kind: 'form', action: 'skip' }),
  confirm: buttonValue({ kind: 'form', action: 'confirm' }),
  edit: buttonValue({ kind: 'form', action: 'edit' }),
  /** The button that goes back to one step from the summary. */
  editField: (step: string) => buttonValue({ kind: 'form-edit', step }),
  /** The button of an appointment slot `YYYY-MM-DDTHH:MM`, at a desk of several when given. */
  slot: (slot: string, desk?: string) =>
    buttonValue(desk ? { kind: 'form-slot', slot, desk } : { kind: 'form-slot', slot }),
  /** The button of a desk to book at. */
  desk: (desk: string) => buttonValue({ kind: 'form-desk', desk }),
  /** The button to choose another desk. */
  desks: buttonValue({ kind: 'form', action: 'desks' }),
  /** The button adding one option to the ranking being built. */
  rank: (option: string) => buttonValue({ kind: 'form-rank', option }),
  /** The button ending the ranking being built. */
  rankDone: buttonValue({ kind: 'form', action: 'rank-done' }),
  /** The button emptying the ranking being built. */
  rankRestart: buttonValue({ kind: 'form', action: 'rank-restart' }),
} as const;
