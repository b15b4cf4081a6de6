import type { TurnContext } from '../engine/turn-context';

/**
 * Lets the skills (knowledge base…) handle a message a handoff dialog did not expect, so a citizen who
 * ignores the question and asks something else still gets an answer; the menu when no skill can help.
 */
export async function passToSkills(ctx: TurnContext): Promise<void> {
  if (ctx.input) {
    for (const skill of ctx.services.skills) {
      if (await skill.handle(ctx)) return;
    }
  }
  ctx.reply(ctx.menu());
}
