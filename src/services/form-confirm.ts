import type { DialogInstance } from '../engine/conversation-state';
import type { TurnContext } from '../engine/turn-context';
import type { AppointmentQuestion } from './appointment-question';
import { SlotTakenError } from './errors';
import type { FormDependencies } from './form-dependencies';
import type { FormMove } from './form-move';
import { applicableSteps, type FormData, formData } from './form-state';
import { newTicketOf } from './form-submit';
import { confirmChoices, doneReply, editChoices, editedStep } from './form-summary';
import { FORM_WORDS } from './form-words';
import { ticketIdentityOf } from './prefill';
import type { DialogDefinition } from './schema';
import { st } from './texts';

/** What is typed at the summary does: "conferma" submits, "modifica" shows the edit menu, else a refusal. */
export function confirmMove(ctx: TurnContext, data: FormData, folded: string): FormMove {
  if (FORM_WORDS.confirm.has(folded)) return { kind: 'submit' };
  if (FORM_WORDS.edit.has(folded)) return { kind: 'edit-menu' };
  data.errors += 1;
  return { kind: 'refuse', reason: st(ctx.lang, 'confirmHint'), choices: confirmChoices(ctx.lang) };
}

/** The step to change from the edit menu: the pressed one (`pressedStep`), or by its number or label as typed. */
export function editMove(
  ctx: TurnContext,
  def: DialogDefinition,
  instance: DialogInstance,
  pressedStep?: string,
): FormMove {
  const data = formData(instance);
  const step = editedStep(def, data, ctx.input, pressedStep);
  if (step) return { kind: 'ask', step };
  data.errors += 1;
  return { kind: 'refuse', reason: st(ctx.lang, 'editWhich'), choices: editChoices(def, data, ctx.lang) };
}

/**
 * Stores the ticket the confirmed form becomes, with the citizen's verified identity when signed in. When an
 * appointment slot filled up since it was chosen, its answer is dropped and the question asked again, keeping
 * every other answer.
 */
export async function submitMove(
  ctx: TurnContext,
  def: DialogDefinition,
  data: FormData,
  deps: FormDependencies,
  appointments: AppointmentQuestion,
): Promise<FormMove> {
  try {
    const citizen = await deps.identities?.verified(ctx.state.key);
    const { ticket } = await deps.tickets.create(
      newTicketOf(def, data, ctx.state.ref, ctx.lang, citizen && ticketIdentityOf(citizen), {
        pagoPa: deps.pagoPaEnabled === true,
      }),
    );
    return { kind: 'complete', reply: doneReply(def, ticket, ctx.lang), protocol: ticket.protocol };
  } catch (err) {
    if (!(err instanceof SlotTakenError)) throw err;
    const steps = applicableSteps(def, data.answers);
    const step = appointments.takenStep(steps, data.answers, err.slotKey);
    if (!step) throw err;
    delete data.answers[step.id];
    return { kind: 'ask', step, prefix: st(ctx.lang, 'slotTaken') };
  }
}
