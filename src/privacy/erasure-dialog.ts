import { buttonValue } from '../engine/button-values';
import type { DialogInstance } from '../engine/conversation-state';
import { type Dialog, type DialogTurnResult, WAITING } from '../engine/dialog';
import { PRIVACY_ERASURE_DIALOG } from '../engine/dialogs/builtin-commands';
import type { TurnContext } from '../engine/turn-context';
import type { OutboundReply } from '../engine/types';
import { normalize } from '../shared/normalize';
import type { CitizenEraser } from './citizen-eraser';
import { privacyText } from './texts';

/** Choice values of the confirmation question. */
export const ERASE_YES = buttonValue({ kind: 'privacy-erase', yes: true });
/** Choice value of "no, keep my data". */
export const ERASE_NO = buttonValue({ kind: 'privacy-erase', yes: false });

const YES = new Set(['si', 'yes', 'y', 'ok', 'confermo', 'conferma', 'procedi', 'si cancella', 'cancella']);
const NO = new Set(['no', 'n', 'non cancellare', 'tienili', 'keep', 'keep it']);
/** Unclear answers after which the question is dropped (nothing erased). */
const MAX_UNCLEAR = 2;

function question(ctx: TurnContext, text: string): OutboundReply {
  return {
    text,
    format: 'plain',
    choices: [
      { label: privacyText(ctx.lang, 'confirm'), value: ERASE_YES },
      { label: privacyText(ctx.lang, 'decline'), value: ERASE_NO },
    ],
  };
}

/**
 * The erasure-on-request dialog ("cancella i miei dati", `/cancella`, "delete my data"): explains what will be
 * erased and what is kept, asks to confirm with yes/no choices, then erases the citizen's data (same channel
 * and user id only) and confirms. Its only state is the count of unclear answers, so a restart resumes it.
 */
export function erasureDialog(eraser: CitizenEraser): Dialog {
  return {
    id: PRIVACY_ERASURE_DIALOG,
    async begin(ctx) {
      ctx.reply(question(ctx, privacyText(ctx.lang, 'explain', { city: ctx.services.settings.city })));
      return WAITING;
    },
    async continue(ctx: TurnContext, instance: DialogInstance): Promise<DialogTurnResult> {
      const answer = ctx.message.value ?? normalize(ctx.input);
      if (answer === ERASE_NO || NO.has(answer)) {
        ctx.reply(ctx.menu(privacyText(ctx.lang, 'declined')));
        return { status: 'cancelled' };
      }
      if (answer !== ERASE_YES && !YES.has(answer)) {
        const unclear = Number(instance.data.unclear ?? 0) + 1;
        if (unclear >= MAX_UNCLEAR) {
          ctx.reply(ctx.menu(privacyText(ctx.lang, 'declined')));
          return { status: 'cancelled' };
        }
        instance.data.unclear = unclear;
        ctx.reply(question(ctx, privacyText(ctx.lang, 'reask')));
        return WAITING;
      }
      const { ref } = ctx.message;
      let counts: Awaited<ReturnType<CitizenEraser['erase']>>;
      try {
        counts = await eraser.erase({ channel: ref.channel, userId: ref.userId }, ctx.state);
      } catch (err) {
        // Every step is idempotent, so asking again finishes the job; the log carries no personal data.
        ctx.services.logger.error({ err, channel: ref.channel }, 'privacy: erasure failed');
        ctx.reply({
          text: privacyText(ctx.lang, 'failed', { city: ctx.services.settings.city }),
          format: 'plain',
        });
        return { status: 'cancelled' };
      }
      ctx.reply({
        text: privacyText(ctx.lang, 'done', {
          conversations: counts.conversations,
          tickets: counts.tickets,
          cases: counts.cases,
        }),
        format: 'plain',
      });
      return { status: 'complete' };
    },
  };
}
