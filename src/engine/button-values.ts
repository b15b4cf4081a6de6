/**
 * The values Sportello's own buttons carry, made and read here only: a button value is a `kind:payload`
 * string a channel sends back when the citizen presses it (any time later, even under another question), so
 * whoever reads one must learn what it belongs to without comparing strings of its own.
 */

/** The main menu's three actions. */
export type MenuAction = 'faq' | 'services' | 'operator';

/** A form's own controls (not answers). */
export type FormAction =
  | 'back'
  | 'resume'
  | 'skip'
  | 'confirm'
  | 'edit'
  | 'desks'
  /** Ends a ranking built by pressing options, with the options chosen so far. */
  | 'rank-done'
  /** Empties a ranking being built, to choose again from the first. */
  | 'rank-restart';

/** What the citizen does with a booked appointment: move it, cancel it, or confirm or keep it at cancelling. */
export type AppointmentAction = 'move' | 'cancel' | 'cancel-yes' | 'cancel-no';

/** What a pressed button means. */
export type ButtonValue =
  | { kind: 'menu'; action: MenuAction }
  /** Starts the service (form) with this dialog id. */
  | { kind: 'service'; dialogId: string }
  /** Shows a knowledge-base entry. */
  | { kind: 'kb-entry'; entry: string }
  /** "Was it helpful?" about a knowledge-base entry. */
  | { kind: 'kb-feedback'; useful: boolean; entry: string }
  | { kind: 'form'; action: FormAction }
  /** Goes back to one step of the form from its summary. */
  | { kind: 'form-edit'; step: string }
  /** An appointment slot, `YYYY-MM-DDTHH:MM`, at one desk of several when `desk` is given. */
  | { kind: 'form-slot'; slot: string; desk?: string }
  /** The desk (service counter) an appointment is booked at. */
  | { kind: 'form-desk'; desk: string }
  /** One option (its value) added next to the ranking a `ranked_choice` question is building. */
  | { kind: 'form-rank'; option: string }
  /** Moving or cancelling one of the citizen's booked appointments (its ticket's protocol). */
  | { kind: 'appointment'; action: AppointmentAction; protocol: string }
  /** The 1–5 stars a citizen gives an operator's help. */
  | { kind: 'handoff-rating'; stars: 1 | 2 | 3 | 4 | 5 }
  /** Yes/no to "shall an operator call you back?" outside office hours. */
  | { kind: 'handoff-callback'; yes: boolean }
  /** Yes/no to "erase all my data?". */
  | { kind: 'privacy-erase'; yes: boolean };

const MENU_ACTIONS: readonly MenuAction[] = ['faq', 'services', 'operator'];
const FORM_ACTIONS: readonly FormAction[] = [
  'back',
  'resume',
  'skip',
  'confirm',
  'edit',
  'desks',
  'rank-done',
  'rank-restart',
];
/** The shape of a dialog file's option value (as its schema checks it). */
const OPTION = /^[a-z0-9_-]+$/;
const APPOINTMENT_ACTIONS: readonly AppointmentAction[] = ['move', 'cancel', 'cancel-yes', 'cancel-no'];
const DESK_SLOT = /^(?:([a-z0-9_-]+)@)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$/;
const PROTOCOL = /^[A-Z0-9]+-\d{4}-\d{6}$/;
const ID = /^[A-Za-z0-9_-]+$/;

/** The string a button carries for a meaning; {@link parseButtonValue} reads it back. */
export function buttonValue(value: ButtonValue): string {
  switch (value.kind) {
    case 'menu':
      return `menu:${value.action}`;
    case 'service':
      return `service:${value.dialogId}`;
    case 'kb-entry':
      return `kb:entry:${value.entry}`;
    case 'kb-feedback':
      return `kb:feedback:${value.useful ? 'yes' : 'no'}:${value.entry}`;
    case 'form':
      return `form:${value.action}`;
    case 'form-edit':
      return `form:edit:${value.step}`;
    case 'form-slot':
      return `form:slot:${value.desk ? `${value.desk}@` : ''}${value.slot}`;
    case 'form-desk':
      return `form:desk:${value.desk}`;
    case 'form-rank':
      return `form:rank:${value.option}`;
    case 'appointment':
      return `appointment:${value.action}:${value.protocol}`;
    case 'handoff-rating':
      return `handoff:rating:${value.stars}`;
    case 'handoff-callback':
      return `handoff:callback:${value.yes ? 'yes' : 'no'}`;
    case 'privacy-erase':
      return `privacy:erase:${value.yes ? 'yes' : 'no'}`;
  }
}

/**
 * What a button value means, or `undefined` when it is none of Sportello's own (a form option such as `cie`,
 * or text a citizen typed). Values of an unknown shape under a known prefix are `undefined` too.
 */
export function parseButtonValue(raw: string): ButtonValue | undefined {
  const [prefix, first, ...rest] = raw.trim().split(':');
  const tail = rest.join(':');
  switch (prefix) {
    case 'menu':
      return rest.length === 0 && MENU_ACTIONS.includes(first as MenuAction)
        ? { kind: 'menu', action: first as MenuAction }
        : undefined;
    case 'service':
      return first && rest.length === 0 && ID.test(first) ? { kind: 'service', dialogId: first } : undefined;
    case 'kb':
      if (first === 'entry' && rest.length === 1 && ID.test(tail)) return { kind: 'kb-entry', entry: tail };
      if (first === 'feedback' && rest.length === 2 && (rest[0] === 'yes' || rest[0] === 'no')) {
        const entry = rest[1] ?? '';
        return ID.test(entry) ? { kind: 'kb-feedback', useful: rest[0] === 'yes', entry } : undefined;
      }
      return undefined;
    case 'form':
      if (first === 'edit' && rest.length === 1 && ID.test(tail)) return { kind: 'form-edit', step: tail };
      if (first === 'slot') {
        const m = DESK_SLOT.exec(tail);
        if (!m?.[2]) return undefined;
        return m[1] ? { kind: 'form-slot', slot: m[2], desk: m[1] } : { kind: 'form-slot', slot: m[2] };
      }
      if (first === 'desk' && OPTION.test(tail)) return { kind: 'form-desk', desk: tail };
      if (first === 'rank' && OPTION.test(tail)) return { kind: 'form-rank', option: tail };
      return rest.length === 0 && FORM_ACTIONS.includes(first as FormAction)
        ? { kind: 'form', action: first as FormAction }
        : undefined;
    case 'appointment':
      return APPOINTMENT_ACTIONS.includes(first as AppointmentAction) &&
        rest.length === 1 &&
        PROTOCOL.test(tail)
        ? { kind: 'appointment', action: first as AppointmentAction, protocol: tail }
        : undefined;
    case 'handoff':
      if (first === 'rating' && /^[1-5]$/.test(tail))
        return { kind: 'handoff-rating', stars: Number(tail) as 1 | 2 | 3 | 4 | 5 };
      if (first === 'callback' && (tail === 'yes' || tail === 'no'))
        return { kind: 'handoff-callback', yes: tail === 'yes' };
      return undefined;
    case 'privacy':
      return first === 'erase' && (tail === 'yes' || tail === 'no')
        ? { kind: 'privacy-erase', yes: tail === 'yes' }
        : undefined;
    default:
      return undefined;
  }
}

/** The value of one of the main menu's buttons. */
export function menuValue(action: MenuAction): string {
  return buttonValue({ kind: 'menu', action });
}
