import type { Logger } from 'pino';
import { menuValue } from './button-values';
import type { ConversationState, DialogInstance } from './conversation-state';
import type { Dialog, DialogTurnResult, ServiceEntry } from './dialog';
import { UnknownDialogError } from './errors';
import type { Skill } from './skill';
import { format, type TextKey, texts } from './texts';
import type { InboundMessage, Lang, OutboundReply, ReplyMeta } from './types';

/** Settings the engine shares with every turn. */
export interface EngineSettings {
  /** Name of the city hall, e.g. "Comune di Esempio". */
  city: string;
  /** Where the privacy notice lives. */
  privacyUrl: string;
}

/** Registries and settings a turn can use; built once by the engine. */
export interface TurnServices {
  settings: EngineSettings;
  logger: Logger;
  dialogs: ReadonlyMap<string, Dialog>;
  services: readonly ServiceEntry[];
  skills: readonly Skill[];
  now(): Date;
}

/** An outbound reply with what the engine records about it. */
export interface RecordedReply {
  reply: OutboundReply;
  meta?: ReplyMeta;
}

/** Why a turn refused its message, and when the citizen may write again. */
export interface TurnRefusal {
  reason: 'rate_limit';
  retryAfterSeconds: number;
}

/**
 * Everything one turn needs: the inbound message, the conversation's state (mutable, saved after the turn),
 * the replies collected so far and the dialog stack operations.
 */
export class TurnContext {
  /** Replies to send, in order. */
  readonly replies: RecordedReply[] = [];
  /** Set by {@link refuse}: the engine then stores nothing of the message, only the replies (if any). */
  refusal: TurnRefusal | undefined;

  constructor(
    readonly message: InboundMessage,
    readonly state: ConversationState,
    readonly services: TurnServices,
  ) {}

  /** The language to answer in. */
  get lang(): Lang {
    return this.state.lang;
  }

  /** The citizen's text, trimmed; the pressed option's value when there is one. */
  get input(): string {
    return (this.message.value ?? this.message.text).trim();
  }

  /** Adds a reply (a string is Markdown text). */
  reply(reply: OutboundReply | string, meta?: ReplyMeta): void {
    const recorded: RecordedReply = { reply: typeof reply === 'string' ? { text: reply } : reply };
    if (meta) recorded.meta = meta;
    this.replies.push(recorded);
  }

  /**
   * Refuses the message (a flood): it is neither stored nor answered beyond the replies added here, and the
   * conversation's state is left as it was.
   */
  refuse(refusal: TurnRefusal): void {
    this.refusal = refusal;
  }

  /** One of the engine's sentences in the conversation's language, with the city and privacy link filled in. */
  t(key: TextKey, vars?: Record<string, string | number>): string {
    const template = texts[this.lang][key];
    if (!template.includes('{')) return template;
    const { city, privacyUrl } = this.services.settings;
    return format(template, { city, privacyUrl, ...vars });
  }

  /** The dialog on top of the stack, if any. */
  get activeDialog(): DialogInstance | undefined {
    return this.state.stack.at(-1);
  }

  /** Starts a dialog on top of the stack and runs its first step. */
  async beginDialog(dialogId: string, args?: unknown): Promise<DialogTurnResult> {
    const dialog = this.dialog(dialogId);
    const instance: DialogInstance = { dialogId, step: 'start', data: {} };
    this.state.stack.push(instance);
    const result = await dialog.begin(this, instance, args);
    return this.settle(instance, result);
  }

  /** Gives the current message to the dialog on top of the stack. */
  async continueDialog(): Promise<DialogTurnResult | undefined> {
    const instance = this.activeDialog;
    if (!instance) return undefined;
    const result = await this.dialog(instance.dialogId).continue(this, instance);
    return this.settle(instance, result);
  }

  /** Asks the dialog on top of the stack its current question again, when it can; resolves whether it did. */
  async repromptDialog(): Promise<boolean> {
    const instance = this.activeDialog;
    const dialog = instance && this.dialog(instance.dialogId);
    if (!instance || !dialog?.reprompt) return false;
    await this.settle(instance, await dialog.reprompt(this, instance));
    return true;
  }

  /** Ends every running dialog (e.g. the citizen said "annulla"). Resolves how many were running. */
  cancelAllDialogs(): number {
    const n = this.state.stack.length;
    this.state.stack.length = 0;
    return n;
  }

  /** The main menu as a reply with choices. */
  menu(text?: string): OutboundReply {
    return {
      text: text ?? this.t('menuPrompt'),
      choices: [
        { label: this.t('menuFaq'), value: menuValue('faq') },
        { label: this.t('menuServices'), value: menuValue('services') },
        { label: this.t('menuOperator'), value: menuValue('operator') },
      ],
    };
  }

  private dialog(id: string): Dialog {
    const dialog = this.services.dialogs.get(id);
    if (!dialog) throw new UnknownDialogError(id);
    return dialog;
  }

  /**
   * Removes a finished dialog and lets its parent resume, up the stack. Only the finished dialog leaves: a
   * dialog it started that still waits (a form begun while answering a question) stays, and the parent
   * resumes when that one ends.
   */
  private async settle(instance: DialogInstance, result: DialogTurnResult): Promise<DialogTurnResult> {
    if (result.status === 'waiting') return result;
    const index = this.state.stack.lastIndexOf(instance);
    if (index === -1) return result; // already removed (e.g. cancelled from inside)
    this.state.stack.splice(index, 1);
    if (index < this.state.stack.length) return result; // a child still runs above: it takes the place
    const parent = this.state.stack.at(-1);
    if (!parent) return result;
    const parentDialog = this.dialog(parent.dialogId);
    if (!parentDialog.resume) return this.settle(parent, { status: 'complete' });
    return this.settle(parent, await parentDialog.resume(this, parent, result));
  }
}
