import type { Skill } from '../engine/skill';
import type { TurnContext } from '../engine/turn-context';
import { normalize } from '../shared/normalize';
import type { Storage } from '../storage/storage';
import { IO_OPT_OUTS } from './io-notice';

const PHRASES = [
  'non voglio piu messaggi su io',
  'non voglio piu messaggi sull app io',
  'non voglio piu ricevere messaggi su io',
  'basta messaggi su io',
  'stop messaggi io',
  'no more io messages',
  'stop io messages',
];

/**
 * The skill (id `io-opt-out`) honouring "non voglio più messaggi su IO": every codice fiscale the citizen's
 * tickets send IO updates to is recorded as opted out, and no further IO message goes to it.
 */
export function ioOptOutSkill(deps: {
  storage: Storage;
  /** The codici fiscali this conversation's citizen gets IO updates at (from their tickets). */
  fiscalCodesOf(ctx: TurnContext): Promise<string[]>;
  now?: () => Date;
}): Skill {
  const now = deps.now ?? (() => new Date());
  return {
    id: 'io-opt-out',
    async handle(ctx) {
      const folded = normalize(ctx.input);
      if (!PHRASES.some((p) => folded === p || folded.startsWith(`${p} `))) return false;
      const codes = await deps.fiscalCodesOf(ctx);
      for (const code of codes) await deps.storage.put(IO_OPT_OUTS, code, { at: now().toISOString() });
      ctx.reply(
        ctx.lang === 'it'
          ? 'Va bene: non ti manderemo più messaggi sull’app IO. Gli aggiornamenti delle tue pratiche restano qui in chat.'
          : 'All right: we will send you no more messages on the app IO. Updates on your requests stay here in the chat.',
      );
      return true;
    },
  };
}
