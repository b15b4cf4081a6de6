import type { Middleware } from '../engine/compose';
import type { TurnContext } from '../engine/turn-context';
import { fullName, type IdentityStore } from './citizen-identity';
import { refusalText, verifiedText } from './identity-texts';

/**
 * A middleware for the first turn of a conversation opened from the comune's portal: it greets a verified
 * citizen by name, or says why their sign-in was refused and that they go on anonymously. Runs before the
 * welcome, and reads storage on first turns only.
 */
export function identityNotice(store: IdentityStore): Middleware<TurnContext> {
  return async (ctx, next) => {
    if (ctx.state.welcomed) return next();
    const record = await store.record(ctx.state.key);
    if (record && 'verified' in record) ctx.reply(verifiedText(ctx.lang, fullName(record.verified)));
    else if (record) ctx.reply(refusalText(ctx.lang, record.refused));
    return next();
  };
}
