import type { Choice } from '../../engine/types';
import { normalize } from '../../shared/normalize';
import type { Storage } from '../../storage/storage';

/** Storage collection of the last choices offered per conversation on `imBack`-only channels (Teams). */
export const OFFERED_CHOICES = 'botframework-choices';

/**
 * Remembers the last choices offered in a conversation so that an `imBack` answer, which only carries the
 * label, is matched back to the choice's value.
 */
export class ChoiceMemory {
  constructor(private readonly storage: Storage) {}

  async remember(conversationId: string, choices: readonly Choice[]): Promise<void> {
    await this.storage.put(OFFERED_CHOICES, conversationId, { choices });
  }

  /** The value of the offered choice whose label is exactly this text (case and accents aside). */
  async valueFor(conversationId: string, text: string): Promise<string | undefined> {
    const folded = normalize(text);
    if (!folded) return undefined;
    const stored = await this.storage.get<{ choices: Choice[] }>(OFFERED_CHOICES, conversationId);
    return stored?.choices.find((c) => normalize(c.label) === folded)?.value;
  }
}
