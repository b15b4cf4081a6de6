import { type AppointmentAction, buttonValue, parseButtonValue } from '../engine/button-values';
import { localParts } from '../engine/calendar';
import type { DialogInstance } from '../engine/conversation-state';
import { type Dialog, type DialogTurnResult, WAITING } from '../engine/dialog';
import type { TurnContext } from '../engine/turn-context';
import type { Choice } from '../engine/types';
import { normalize } from '../shared/normalize';
import { at } from './appointment-texts';
import { appointmentLabel, appointmentValue } from './appointments';
import { SlotTakenError } from './errors';
import { FORM_VALUES, FORM_WORDS } from './form-words';
import type { IdentitySource } from './prefill';
import type { DialogDefinition } from './schema';
import { parseSlotAnswer } from './slot-answer';
import { type SlotBook, slotKey, slotLabel } from './slots';
import type { TicketStore } from './tickets/ticket-store';
import { type UpcomingAppointment, upcomingAppointments } from './upcoming-appointments';

/** Id of the dialog moving or cancelling a booked appointment. */
export const APPOINTMENT_CHANGE_DIALOG = 'appointment-change';

/** What the citizen asked for: see their appointments, move one, or cancel one. */
export type AppointmentIntent = 'list' | 'move' | 'cancel';

/** How the dialog starts: the intent, and the ticket when a button already named it. */
export interface AppointmentChangeArgs {
  intent: AppointmentIntent;
  protocol?: string;
}

/** What the dialog keeps between turns (JSON only). */
interface ChangeData {
  intent: AppointmentIntent;
  /** The ticket whose appointment is being moved or cancelled. */
  protocol?: string;
  /** The appointment step of that ticket. */
  step?: string;
}

/**
 * Moves or cancels one of the citizen's future appointments from the chat ("sposta appuntamento", "annulla
 * appuntamento", "i miei appuntamenti"): lists them, lets the citizen pick one, then offers the free slots of
 * the same calendar or asks to confirm the cancellation. A move takes the new place and gives the old one back
 * in one write (TicketStore.moveAppointment); a cancellation is the ticket's status change to `cancelled`,
 * which frees the place and stops the reminder. State: `pick`, `move` or `cancel` with {@link ChangeData}.
 */
export class AppointmentChangeDialog implements Dialog {
  readonly id = APPOINTMENT_CHANGE_DIALOG;

  constructor(
    private readonly deps: {
      tickets: TicketStore;
      slots: SlotBook;
      definitions: readonly DialogDefinition[];
      identities?: IdentitySource;
    },
  ) {}

  async begin(ctx: TurnContext, instance: DialogInstance, args?: unknown): Promise<DialogTurnResult> {
    const { intent = 'list', protocol } = (args ?? {}) as Partial<AppointmentChangeArgs>;
    instance.data = { intent } satisfies ChangeData;
    const upcoming = await this.upcoming(ctx);
    if (upcoming.length === 0) {
      ctx.reply(ctx.menu(at(ctx.lang, 'none')));
      return { status: 'complete' };
    }
    const only = upcoming.length === 1 ? upcoming[0] : undefined;
    const named = protocol ? upcoming.find((u) => u.ticket.protocol === protocol) : undefined;
    if (protocol && !named) return this.gone(ctx);
    const chosen = named ?? (intent !== 'list' ? only : undefined);
    if (chosen && intent === 'move') return this.offerMove(ctx, instance, chosen);
    if (chosen && intent === 'cancel') return this.askCancel(ctx, instance, chosen);
    return this.pick(ctx, instance, upcoming);
  }

  async continue(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    const data = instance.data as unknown as ChangeData;
    const pressed = parseButtonValue(ctx.input);
    if (pressed?.kind === 'appointment')
      return this.onAction(ctx, instance, pressed.action, pressed.protocol);
    const upcoming = await this.upcoming(ctx);
    const current = upcoming.find((u) => u.ticket.protocol === data.protocol && u.step.id === data.step);
    const folded = normalize(ctx.input);
    if (instance.step === 'cancel' && current) {
      if (FORM_WORDS.confirm.has(folded))
        return this.onAction(ctx, instance, 'cancel-yes', current.ticket.protocol);
      if (['no', 'tienilo', 'keep', 'keep it'].includes(folded))
        return this.onAction(ctx, instance, 'cancel-no', current.ticket.protocol);
      return this.askCancel(ctx, instance, current);
    }
    if (instance.step === 'move' && current) return this.onSlot(ctx, instance, current);
    if (instance.step === 'pick' || !current) {
      // A typed number picks from the list, as on channels without buttons.
      const byNumber = /^\d{1,2}$/.test(folded) ? upcoming[Number(folded) - 1] : undefined;
      if (byNumber && data.intent !== 'list')
        return this.onAction(ctx, instance, data.intent, byNumber.ticket.protocol);
      return upcoming.length ? this.pick(ctx, instance, upcoming) : this.gone(ctx);
    }
    return this.gone(ctx);
  }

  async reprompt(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
    const data = instance.data as unknown as ChangeData;
    const upcoming = await this.upcoming(ctx);
    const current = upcoming.find((u) => u.ticket.protocol === data.protocol && u.step.id === data.step);
    if (instance.step === 'move' && current) return this.offerMove(ctx, instance, current);
    if (instance.step === 'cancel' && current) return this.askCancel(ctx, instance, current);
    return upcoming.length ? this.pick(ctx, instance, upcoming) : this.gone(ctx);
  }

  private upcoming(ctx: TurnContext): Promise<UpcomingAppointment[]> {
    return (async () => {
      const verified = (await this.deps.identities?.verified(ctx.state.key))?.fiscalNumber;
      return upcomingAppointments(
        this.deps.tickets,
        this.deps.definitions,
        ctx.state.ref,
        ctx.services.now(),
        verified,
      );
    })();
  }

  /** A pressed (or typed) action on one appointment, checked against the citizen's own upcoming ones. */
  private async onAction(
    ctx: TurnContext,
    instance: DialogInstance,
    action: AppointmentAction,
    protocol: string,
  ): Promise<DialogTurnResult> {
    const chosen = (await this.upcoming(ctx)).find((u) => u.ticket.protocol === protocol);
    if (!chosen) return this.gone(ctx);
    const when = this.when(ctx, chosen);
    switch (action) {
      case 'move':
        return this.offerMove(ctx, instance, chosen);
      case 'cancel':
        return this.askCancel(ctx, instance, chosen);
      case 'cancel-no':
        ctx.reply(ctx.menu(at(ctx.lang, 'kept', { when })));
        return { status: 'complete' };
      case 'cancel-yes':
        await this.deps.tickets.changeStatus(protocol, {
          status: 'cancelled',
          by: 'citizen',
          note: at('it', 'cancelledNote', {
            when: appointmentLabel(chosen.step, chosen.ticket.fields[chosen.step.id], 'it'),
          }),
        });
        ctx.reply(ctx.menu(at(ctx.lang, 'cancelled', { protocol })), { service: chosen.ticket.service });
        return { status: 'complete' };
    }
  }

  /** Lists the appointments with a move and a cancel button each (only the asked one for a given intent). */
  private pick(
    ctx: TurnContext,
    instance: DialogInstance,
    upcoming: UpcomingAppointment[],
  ): DialogTurnResult {
    const data = instance.data as unknown as ChangeData;
    instance.step = 'pick';
    const lines = upcoming.map((u) =>
      at(ctx.lang, 'line', {
        protocol: u.ticket.protocol,
        service: u.ticket.serviceTitle[ctx.lang],
        when: this.when(ctx, u),
      }),
    );
    const choices: Choice[] = [];
    for (const u of upcoming.slice(0, 5)) {
      const protocol = u.ticket.protocol;
      if (data.intent !== 'cancel')
        choices.push({
          label: at(ctx.lang, 'moveButton', { protocol }),
          value: buttonValue({ kind: 'appointment', action: 'move', protocol }),
        });
      if (data.intent !== 'move')
        choices.push({
          label: at(ctx.lang, 'cancelButton', { protocol }),
          value: buttonValue({ kind: 'appointment', action: 'cancel', protocol }),
        });
    }
    const ask = at(
      ctx.lang,
      data.intent === 'move' ? 'pickMove' : data.intent === 'cancel' ? 'pickCancel' : 'pickAny',
    );
    ctx.reply({ text: `${at(ctx.lang, 'list')}\n\n${lines.join('\n')}\n\n${ask}`, choices });
    return WAITING;
  }

  /** Offers the free slots of the appointment's own calendar (its desk), the current one left out. */
  private async offerMove(
    ctx: TurnContext,
    instance: DialogInstance,
    chosen: UpcomingAppointment,
    prefix?: string,
    day?: string,
  ): Promise<DialogTurnResult> {
    instance.step = 'move';
    instance.data = {
      ...(instance.data as unknown as ChangeData),
      protocol: chosen.ticket.protocol,
      step: chosen.step.id,
    };
    const vars = { service: chosen.ticket.serviceTitle[ctx.lang], when: this.when(ctx, chosen) };
    const choices = await this.slotChoices(ctx, chosen, day);
    if (choices.length === 0 && !day) {
      ctx.reply(ctx.menu([prefix, at(ctx.lang, 'noOtherSlots', vars)].filter(Boolean).join('\n\n')));
      return { status: 'complete' };
    }
    const dayLabel = day
      ? slotLabel(`${day}T`, ctx.lang)
          .replace(/\s+\S*\s*$/, '')
          .trim()
      : '';
    const text = day
      ? at(ctx.lang, choices.length ? 'slotsOnDay' : 'noSlotsOnDay', { day: dayLabel })
      : at(ctx.lang, 'moveOffer', vars);
    const shown = day && choices.length === 0 ? await this.slotChoices(ctx, chosen) : choices;
    ctx.reply({ text: [prefix, text].filter(Boolean).join('\n\n'), choices: shown });
    return WAITING;
  }

  private async slotChoices(ctx: TurnContext, chosen: UpcomingAppointment, day?: string): Promise<Choice[]> {
    const { calendar, definition, step, booked } = chosen;
    const free = await this.deps.slots.free(
      definition.id,
      step.id,
      calendar,
      ctx.services.now(),
      day,
      day ? calendar.slots.times.length : calendar.slots.offer + 1,
    );
    return free
      .filter((slot) => slot !== booked.slot)
      .slice(0, day ? undefined : calendar.slots.offer)
      .map((slot) => ({ label: slotLabel(slot, ctx.lang), value: FORM_VALUES.slot(slot, calendar.desk) }));
  }

  /** A new slot pressed or typed: moves the appointment there, or offers the times again. */
  private async onSlot(
    ctx: TurnContext,
    instance: DialogInstance,
    chosen: UpcomingAppointment,
  ): Promise<DialogTurnResult> {
    const { calendar, definition, step, booked, ticket } = chosen;
    const now = ctx.services.now();
    const { slot, day } = parseSlotAnswer(ctx.input, localParts(now, calendar.slots.timezone).date);
    const free =
      slot &&
      slot !== booked.slot &&
      (await this.deps.slots.isFree(definition.id, step.id, calendar, now, slot));
    if (!slot || !free) {
      if (day) return this.offerMove(ctx, instance, chosen, undefined, day);
      return this.offerMove(ctx, instance, chosen, at(ctx.lang, slot ? 'slotTaken' : 'slotUnknown'));
    }
    const value = appointmentValue({ slot, ...(calendar.desk ? { desk: calendar.desk } : {}) });
    try {
      await this.deps.tickets.moveAppointment(ticket.protocol, {
        step: step.id,
        value,
        text: appointmentLabel(step, value, 'it'),
        from: slotKey(definition.id, step.id, booked.slot, booked.desk),
        to: { key: slotKey(definition.id, step.id, slot, calendar.desk), capacity: calendar.slots.capacity },
        note: at('it', 'movedNote', {
          from: appointmentLabel(step, ticket.fields[step.id], 'it'),
          to: appointmentLabel(step, value, 'it'),
        }),
      });
    } catch (err) {
      if (!(err instanceof SlotTakenError)) throw err;
      return this.offerMove(ctx, instance, chosen, at(ctx.lang, 'slotTaken'));
    }
    const when = appointmentLabel(step, value, ctx.lang);
    ctx.reply(
      ctx.menu(
        at(ctx.lang, 'moved', { service: ticket.serviceTitle[ctx.lang], protocol: ticket.protocol, when }),
      ),
      {
        service: ticket.service,
      },
    );
    return { status: 'complete' };
  }

  private askCancel(
    ctx: TurnContext,
    instance: DialogInstance,
    chosen: UpcomingAppointment,
  ): DialogTurnResult {
    instance.step = 'cancel';
    const protocol = chosen.ticket.protocol;
    instance.data = { ...(instance.data as unknown as ChangeData), protocol, step: chosen.step.id };
    ctx.reply({
      text: at(ctx.lang, 'confirmCancel', {
        service: chosen.ticket.serviceTitle[ctx.lang],
        when: this.when(ctx, chosen),
        protocol,
      }),
      choices: [
        {
          label: at(ctx.lang, 'cancelYes'),
          value: buttonValue({ kind: 'appointment', action: 'cancel-yes', protocol }),
        },
        {
          label: at(ctx.lang, 'cancelNo'),
          value: buttonValue({ kind: 'appointment', action: 'cancel-no', protocol }),
        },
      ],
    });
    return WAITING;
  }

  private gone(ctx: TurnContext): DialogTurnResult {
    ctx.reply(ctx.menu(at(ctx.lang, 'gone')));
    return { status: 'complete' };
  }

  private when(ctx: TurnContext, u: UpcomingAppointment): string {
    return appointmentLabel(u.step, u.ticket.fields[u.step.id], ctx.lang);
  }
}
