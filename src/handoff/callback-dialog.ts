import { buttonValue, parseButtonValue } from '../engine/button-values';
import type { DialogInstance } from '../engine/conversation-state';
import type { Dialog } from '../engine/dialog';
import { normalize } from '../shared/normalize';
import type { HandoffReason } from './handoff-case';
import { CALLBACK_DIALOG, type HandoffService } from './handoff-service';
import { ht } from './handoff-texts';
import { passToSkills } from './pass-on';
import { recognisePersonRequest } from './person-request';

const YES = new Set([
  'si',
  'sì',
  'ok',
  'va bene',
  'certo',
  'yes',
  'sure',
  'lascia un recapito',
  'leave my contact',
]);
const NO = new Set(['no', 'no grazie', 'no thanks', 'no thank you']);
const MAX_TRIES = 3;

/** A phone number (6–15 digits, spaces, dots, dashes, optional `+`) or an email address, normalised; else undefined. */
export function parseContact(input: string): string | undefined {
  const text = input.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(text) && text.length <= 254) return text.toLowerCase();
  const digits = text.replace(/[\s./-]/g, '');
  if (/^\+?\d{6,15}$/.test(digits) && /^[+\d\s./-]+$/.test(text)) return digits;
  return undefined;
}

interface CallbackArgs {
  reason: HandoffReason;
  forms: DialogInstance[];
}

/**
 * Outside office hours: tells the citizen when the office opens and offers to leave a phone number or email
 * and a short description; the result is a case in the operators' queue marked as a callback.
 */
export function callbackDialog(handoff: HandoffService): Dialog {
  return {
    id: CALLBACK_DIALOG,
    async begin(ctx, instance, args) {
      const { reason, forms } = (args ?? { reason: 'citizen', forms: [] }) as CallbackArgs;
      instance.step = 'offer';
      instance.data = { reason, forms, tries: 0 };
      const opening = handoff.nextOpening(ctx.lang);
      ctx.reply({
        text: opening ? ht(ctx.lang, 'closedOffice', { opening }) : ht(ctx.lang, 'closedOfficeNoHours'),
        format: 'plain',
        choices: [
          { label: ht(ctx.lang, 'callbackYes'), value: buttonValue({ kind: 'handoff-callback', yes: true }) },
          { label: ht(ctx.lang, 'callbackNo'), value: buttonValue({ kind: 'handoff-callback', yes: false }) },
        ],
      });
      return { status: 'waiting' };
    },
    async continue(ctx, instance) {
      const input = ctx.input;
      const pressed = parseButtonValue(input);
      const answered = pressed?.kind === 'handoff-callback' ? pressed.yes : undefined;
      const folded = normalize(input);
      if (instance.step === 'offer') {
        const contact = parseContact(input);
        if (contact) {
          instance.data.contact = contact;
          instance.step = 'message';
          ctx.reply({ text: ht(ctx.lang, 'callbackAskMessage'), format: 'plain' });
          return { status: 'waiting' };
        }
        // Asking again for a person ("voglio parlare con qualcuno") is a yes: a callback is how to reach one.
        if (answered === true || YES.has(folded) || recognisePersonRequest(input)) {
          instance.step = 'contact';
          ctx.reply({ text: ht(ctx.lang, 'callbackAskContact'), format: 'plain' });
          return { status: 'waiting' };
        }
        if (answered === false || NO.has(folded)) {
          ctx.reply({ text: ht(ctx.lang, 'callbackDeclined'), format: 'plain' });
          return { status: 'complete' };
        }
        await passToSkills(ctx);
        return { status: 'complete' };
      }
      if (instance.step === 'contact') {
        const contact = parseContact(input);
        if (!contact) {
          const tries = Number(instance.data.tries ?? 0) + 1;
          instance.data.tries = tries;
          if (tries >= MAX_TRIES) {
            ctx.reply(ctx.menu(ht(ctx.lang, 'callbackDeclined')));
            return { status: 'cancelled' };
          }
          ctx.reply({ text: ht(ctx.lang, 'callbackBadContact'), format: 'plain' });
          return { status: 'waiting' };
        }
        instance.data.contact = contact;
        instance.step = 'message';
        ctx.reply({ text: ht(ctx.lang, 'callbackAskMessage'), format: 'plain' });
        return { status: 'waiting' };
      }
      // step 'message'
      if (!input) {
        ctx.reply({ text: ht(ctx.lang, 'callbackAskMessage'), format: 'plain' });
        return { status: 'waiting' };
      }
      const data = instance.data as unknown as CallbackArgs & { contact: string };
      const open = await handoff.openCase(ctx, data.reason, data.forms, {
        contact: data.contact,
        message: input.slice(0, 2000),
      });
      // A callback waits for the office, not in the live queue: the bot keeps answering meanwhile.
      delete ctx.state.vars.handoff;
      ctx.state.vars.handoffCallback = open.id;
      const opening = handoff.nextOpening(ctx.lang);
      ctx.reply({
        text: ht(ctx.lang, 'callbackDone', { id: open.id, opening: opening ? ` (${opening})` : '' }),
        format: 'plain',
      });
      return { status: 'complete' };
    },
  };
}
