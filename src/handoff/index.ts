import type { Logger } from 'pino';
import type { Engine } from '../engine/engine';
import type { Storage } from '../storage/storage';
import { callbackDialog } from './callback-dialog';
import { type HandoffLimitSettings, HandoffLimits } from './handoff-limits';
import { HandoffService } from './handoff-service';
import { OfficeHours } from './office-hours';
import { ratingDialog } from './rating-dialog';

export { type AuditEntry, AuditLog } from './audit-log';
export {
  HANDOFF_CLOSED,
  HANDOFF_QUEUE,
  type HandoffCase,
  type HandoffOutcome,
  OUTCOMES,
} from './handoff-case';
export {
  type CaseNote,
  type HandoffChange,
  type HandoffRefusal,
  HandoffService,
  type OperatorRef,
} from './handoff-service';
export { noteAnswered, noteNotUseful, noteUnanswered } from './handoff-signals';
export { OfficeHours } from './office-hours';

/** What {@link createHandoff} needs from the composition root. */
export interface CreateHandoffOptions {
  storage: Storage;
  engine: Engine;
  logger: Logger;
  /** City hall name, used in citizen messages. */
  city: string;
  /** `OFFICE_HOURS`, `OFFICE_HOLIDAYS`, `OFFICE_TIMEZONE`; omit `hours` for an always-staffed office. */
  office?: { hours: string; holidays?: string; timeZone?: string };
  /** `HANDOFFS_PER_CONVERSATION` and `HANDOFFS_PER_ADDRESS`; without them, no limit. */
  limits?: HandoffLimitSettings;
  now?: () => Date;
}

/**
 * Creates the handoff room and registers its dialogs (callback request, rating) on the engine. The result
 * implements the engine's `Handoff` contract: pass it to `handoffGate()` and `builtinCommands()`.
 */
export function createHandoff(options: CreateHandoffOptions): HandoffService {
  const officeHours = options.office ? new OfficeHours(options.office) : undefined;
  const handoff = new HandoffService({
    storage: options.storage,
    logger: options.logger,
    engine: options.engine,
    city: options.city,
    ...(officeHours ? { officeHours } : {}),
    ...(options.limits ? { limits: new HandoffLimits(options.limits) } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  options.engine.addDialog(ratingDialog(handoff)).addDialog(callbackDialog(handoff));
  // First of the skills (the room is created before the services and the knowledge base): while a request
  // waits for an operator, free text is kept for them instead of being answered by the bot.
  options.engine.addSkill({ id: 'handoff-queue', handle: (ctx) => handoff.keepForOperator(ctx) });
  return handoff;
}
