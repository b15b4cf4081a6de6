import { conversationKey } from '../../engine/conversation-state';
import type { Choice, ConversationRef, OutboundReply } from '../../engine/types';
import type { Storage } from '../../storage/storage';
import { matchChoice } from '../render/choices';

/** Storage collection of the last numbered menu offered in each WhatsApp chat. */
export const WHATSAPP_MENUS = 'whatsapp-menus';

interface StoredMenu {
  choices: Choice[];
  at: string;
}

/**
 * The last numbered menu offered in each chat, kept in storage so that a reply of "2" (or the option's text)
 * still maps to the right option after a restart. Only the latest reply's menu counts: a reply without choices
 * forgets it, so "2" typed as an answer to a later question stays "2".
 */
export class MenuMemory {
  constructor(private readonly storage: Storage) {}

  /** Remembers the choices of the last reply sent, or forgets the menu when it had none. */
  async remember(ref: ConversationRef, replies: readonly OutboundReply[], now: Date): Promise<void> {
    const last = replies.at(-1);
    if (!last) return;
    const key = conversationKey(ref);
    if (last.choices?.length) {
      const menu: StoredMenu = { choices: last.choices, at: now.toISOString() };
      await this.storage.put(WHATSAPP_MENUS, key, menu);
    } else {
      await this.storage.delete(WHATSAPP_MENUS, key);
    }
  }

  /** The offered choice a typed reply means, if any (its number, label or value). */
  async match(ref: ConversationRef, text: string): Promise<Choice | undefined> {
    if (!text.trim()) return undefined;
    const menu = await this.storage.get<StoredMenu>(WHATSAPP_MENUS, conversationKey(ref));
    return menu ? matchChoice(text, menu.choices) : undefined;
  }
}
