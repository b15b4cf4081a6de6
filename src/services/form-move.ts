import type { Choice, OutboundReply } from '../engine/types';
import type { AppointmentField } from './appointment-question';
import type { Step } from './schema';

/**
 * What a form does next, decided by the handler of one turn and carried out by the `FormDialog`: handlers
 * look at the answer or the pressed button and return a move; only the dialog moves between its states.
 */
export type FormMove =
  /** Ask this question, after `prefix` when given. */
  | { kind: 'ask'; step: Step; prefix?: string }
  /** Ask the current question (or show the summary or the edit menu) again, after `prefix` when given. */
  | { kind: 'reask'; prefix?: string }
  /** The pressed button no longer applies: say so and ask again. */
  | { kind: 'stale' }
  /** Ask the first question without an answer, or show the summary when all are answered. */
  | { kind: 'advance' }
  /** Store this answer (`null` for a skipped step) and go on. */
  | { kind: 'accept'; step: Step; value: unknown }
  /** Not an answer: the knowledge base may take it as a question, else it is refused with `reason`. */
  | { kind: 'invalid'; step: Step; reason: string }
  /** Refuse what was typed with `reason` (one more error counted already), re-offering `choices`. */
  | { kind: 'refuse'; reason: string; choices: Choice[] }
  /** Say this help text and ask again. */
  | { kind: 'help'; text: string }
  /** "Menu" in the middle of the form: offer to go on with it or leave it. */
  | { kind: 'menu' }
  /** A knowledge-base button: let the knowledge base answer, then ask again. */
  | { kind: 'knowledge-base' }
  /** An answer to an appointment question (a desk, a slot, a day). */
  | { kind: 'appointment'; step: AppointmentField }
  /** Show the edit menu: one button per answer to change. */
  | { kind: 'edit-menu' }
  /** Store the ticket the confirmed form becomes. */
  | { kind: 'submit' }
  /** The ticket is stored: say `reply` and end the form. */
  | { kind: 'complete'; reply: OutboundReply; protocol: string };
