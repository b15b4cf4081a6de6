import { menuValue } from '../engine/button-values';
import type { TurnContext } from '../engine/turn-context';
import type { OutboundReply } from '../engine/types';
import { type HandoffTextKey, ht } from './handoff-texts';

/** When operators answer, as the offer tells it. */
export interface Availability {
  /** True when operators are in service now. */
  open: boolean;
  /** When they are back, in words ("domani alle 08:30"); empty when unknown. */
  opening: string;
  /** The weekly hours in words; empty when operators are always reachable. */
  hours: string;
}

/**
 * The reply offering an operator after questions the bot could not answer. It says so, tells when operators
 * answer (in service now, or when they are back and that a callback can be left meanwhile), and lets the
 * citizen choose: an operator (`menu:operator`, which outside hours leads to the callback request) or
 * rephrasing the question (`menu:faq`). Nothing happens until the citizen chooses.
 */
export function operatorOffer(ctx: TurnContext, availability: Availability): OutboundReply {
  const { open, opening, hours } = availability;
  let key: HandoffTextKey;
  if (open) key = hours ? 'offerOpen' : 'offerAlways';
  else key = opening ? 'offerClosed' : 'offerClosedNoHours';
  return {
    text: ht(ctx.lang, key, { hours, opening }),
    format: 'plain',
    choices: [
      { label: ctx.t('menuOperator'), value: menuValue('operator') },
      { label: ht(ctx.lang, 'offerRephrase'), value: menuValue('faq') },
    ],
  };
}
