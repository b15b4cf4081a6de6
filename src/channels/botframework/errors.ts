import { SportelloError } from '../../shared/errors';

/** A proactive message was sent to a Bot Framework conversation whose reference was never stored. */
export class ConversationReferenceMissingError extends SportelloError {
  constructor(readonly conversationId: string) {
    super('conversation_reference_missing', `No Bot Framework conversation reference for ${conversationId}`);
  }
}

/** The Bot Framework connector refused or failed to deliver a message. */
export class BotFrameworkDeliveryError extends SportelloError {
  constructor(
    readonly conversationId: string,
    cause: unknown,
  ) {
    super('botframework_delivery_failed', `Bot Framework delivery to ${conversationId} failed`, { cause });
  }
}
