import { menuValue } from '../engine/button-values';
import type { TurnContext } from '../engine/turn-context';
import type { Choice, OutboundReply } from '../engine/types';
import type { FormData } from './form-state';
import { st } from './texts';

/** After this many invalid answers in a row the form offers an operator. */
export const MAX_ERRORS = 3;

/**
 * The reply refusing an answer: why, with the choices offered again; after {@link MAX_ERRORS} invalid
 * answers in a row it also offers an operator.
 */
export function refusalReply(
  ctx: TurnContext,
  data: FormData,
  reason: string,
  choices: Choice[],
): OutboundReply {
  const tooMany = data.errors >= MAX_ERRORS;
  const text = tooMany ? `${reason}\n\n${st(ctx.lang, 'tooManyErrors')}` : reason;
  const all = tooMany
    ? [...choices, { label: ctx.t('menuOperator'), value: menuValue('operator') }]
    : choices;
  return { text, ...(all.length ? { choices: all } : {}) };
}
