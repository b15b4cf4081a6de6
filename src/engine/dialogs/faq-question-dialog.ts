import { menuValue } from '../button-values';
import { type Dialog, WAITING } from '../dialog';

/** Id of {@link faqQuestionDialog}. */
export const FAQ_QUESTION = 'faq-question';

/**
 * "Domande frequenti" from the menu: asks for the question, then lets the skills (knowledge base first)
 * answer it; when none can, says so honestly and offers an operator.
 */
export const faqQuestionDialog: Dialog = {
  id: FAQ_QUESTION,
  async begin(ctx, instance) {
    instance.step = 'ask';
    ctx.reply({ text: ctx.t('askQuestion'), format: 'plain' });
    return WAITING;
  },
  async continue(ctx) {
    for (const skill of ctx.services.skills) {
      if (await skill.handle(ctx)) return { status: 'complete' };
    }
    ctx.reply(
      {
        text: ctx.t('noAnswer'),
        choices: [
          { label: ctx.t('menuOperator'), value: menuValue('operator') },
          { label: ctx.t('menuFaq'), value: menuValue('faq') },
        ],
      },
      { outcome: 'kb-none' },
    );
    return { status: 'complete' };
  },
};
