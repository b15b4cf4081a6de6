import type { TurnContext } from './turn-context';

/**
 * A skill answers free text when no dialog is running: starting a service from its trigger phrases,
 * answering from the knowledge base… Skills are asked in order; the first that handles the message wins.
 */
export interface Skill {
  readonly id: string;
  /** Handles the message and resolves `true`, or resolves `false` to let the next skill try. */
  handle(ctx: TurnContext): Promise<boolean>;
}

/**
 * Id of the knowledge base's skill: forms hand it questions and knowledge-base buttons pressed in their
 * middle, so it must be found by id among the skills.
 */
export const KNOWLEDGE_BASE_SKILL = 'knowledge-base';
