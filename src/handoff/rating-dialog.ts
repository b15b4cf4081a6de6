import { parseButtonValue } from '../engine/button-values';
import type { Dialog } from '../engine/dialog';
import { type HandoffService, RATING_DIALOG } from './handoff-service';
import { ht } from './handoff-texts';
import { passToSkills } from './pass-on';

/** Reads a 1–5 rating from a pressed star button (`handoff:rating:4`) or typed text (`4`, `4/5`, `★★★★`). */
export function parseRating(input: string): number | undefined {
  const text = input.trim();
  const pressed = parseButtonValue(text);
  if (pressed?.kind === 'handoff-rating') return pressed.stars;
  const value = /^([1-5])(\s*(\/\s*5|stell[ae]|stars?|★))?\.?$/i.exec(text)?.[1];
  if (value) return Number(value);
  if (/^★{1,5}$/.test(text)) return text.length;
  return undefined;
}

/**
 * The dialog the citizen finds on their stack after an operator closed or handed back their conversation:
 * their next message is the rating; anything else goes on to the bot as usual.
 */
export function ratingDialog(handoff: HandoffService): Dialog {
  return {
    id: RATING_DIALOG,
    async begin() {
      return { status: 'waiting' };
    },
    async continue(ctx, instance) {
      const rating = parseRating(ctx.input);
      const caseId = typeof instance.data.caseId === 'string' ? instance.data.caseId : undefined;
      if (rating === undefined || !caseId) {
        await passToSkills(ctx);
        return { status: 'complete' };
      }
      await handoff.rate(caseId, rating);
      ctx.reply({ text: ht(ctx.lang, 'ratingThanks'), format: 'plain' });
      return { status: 'complete' };
    },
  };
}
