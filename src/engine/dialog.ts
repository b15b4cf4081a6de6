import type { DialogInstance } from './conversation-state';
import type { TurnContext } from './turn-context';

/** What a dialog says at the end of its part of a turn. */
export type DialogTurnResult =
  /** The dialog asked something and waits for the next message. */
  | { status: 'waiting' }
  /** The dialog finished; `result` goes to the parent dialog's `resume`. */
  | { status: 'complete'; result?: unknown }
  /** The dialog was abandoned (citizen cancelled, too many errors…). */
  | { status: 'cancelled' };

/**
 * A dialog: an explicit state machine whose state is its {@link DialogInstance} in storage, never a closure,
 * so a restarted process resumes it at the same step.
 */
export interface Dialog {
  /** Unique id, also the service id for declarative service requests. */
  readonly id: string;
  /** Starts the dialog; `instance.step` is `'start'` and `instance.data` is empty. */
  begin(ctx: TurnContext, instance: DialogInstance, args?: unknown): Promise<DialogTurnResult>;
  /** Handles a message while this dialog is on top of the stack. */
  continue(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult>;
  /** Optional: asks the current question again (e.g. after the citizen switched language). */
  reprompt?(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult>;
  /** Called when a child dialog this one started has ended. */
  resume?(ctx: TurnContext, instance: DialogInstance, child: DialogTurnResult): Promise<DialogTurnResult>;
}

/** A service the citizen can start from the menu; registered by the services room. */
export interface ServiceEntry {
  /** The dialog id that runs it. */
  dialogId: string;
  title: Record<'it' | 'en', string>;
}

/** Waiting: the shared result value for "asked something, waiting for the answer". */
export const WAITING: DialogTurnResult = Object.freeze({ status: 'waiting' });
