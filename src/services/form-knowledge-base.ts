import { KNOWLEDGE_BASE_SKILL } from '../engine/skill';
import type { TurnContext } from '../engine/turn-context';

/**
 * Lets the knowledge-base skill answer a question asked, or a knowledge-base button pressed, in the middle of
 * a form; true when it replied.
 */
export async function askKnowledgeBase(ctx: TurnContext): Promise<boolean> {
  for (const skill of ctx.services.skills) {
    if (skill.id === KNOWLEDGE_BASE_SKILL && (await skill.handle(ctx))) return true;
  }
  return false;
}
