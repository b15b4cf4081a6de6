import type { Storage } from '../storage/storage';
import type { Handoff } from '../engine/middleware/handoff-gate';

/** Storage collection of escalation requests waiting for an operator. */
export const HANDOFF_QUEUE = 'handoff-queue';

/** The handoff state kept in a conversation's `vars.handoff`. */
export interface HandoffVars {
  status: 'queued' | 'assigned';
  reason: string;
  since: string;
  operator?: string;
}

/**
 * Escalation that records the request in the operators' queue and tells the citizen; the operator console
 * assigns it. While `status` is `assigned` the bot stays silent and the message stays in the transcript for the
 * operator.
 */
export class QueuedHandoff implements Handoff {
  constructor(private readonly storage: Storage) {}

  isHeld(ctx: Parameters<Handoff['isHeld']>[0]): boolean {
    return (ctx.state.vars.handoff as HandoffVars | undefined)?.status === 'assigned';
  }

  async forward(): Promise<void> {
    // The inbound message is already in the transcript, which is what the console shows the operator.
  }

  async request(ctx: Parameters<Handoff['request']>[0], reason: string): Promise<void> {
    const since = ctx.services.now().toISOString();
    const vars: HandoffVars = { status: 'queued', reason, since };
    ctx.state.vars.handoff = vars;
    await this.storage.put(HANDOFF_QUEUE, ctx.state.key, {
      conversation: ctx.state.key,
      ref: ctx.state.ref,
      lang: ctx.lang,
      reason,
      since,
    });
    ctx.reply({ text: ctx.t('operatorQueued'), format: 'plain' });
  }
}
