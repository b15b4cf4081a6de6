import type { Middleware } from '../compose';
import type { TurnContext } from '../turn-context';

/**
 * The end of the pipeline: the running dialog gets the message; with none running, the skills are asked in
 * order (services' trigger phrases, the knowledge base…), and if none can help the menu is offered.
 */
export function dialogRuntime(): Middleware<TurnContext> {
  return async (ctx) => {
    if (ctx.activeDialog) {
      await ctx.continueDialog();
      return;
    }
    if (!ctx.input && !ctx.message.location && !ctx.message.attachments?.length) {
      ctx.reply(ctx.menu(ctx.t('emptyMessage')));
      return;
    }
    for (const skill of ctx.services.skills) {
      if (await skill.handle(ctx)) return;
    }
    ctx.reply(ctx.menu(ctx.t('notUnderstood')), { outcome: 'not-understood' });
  };
}
