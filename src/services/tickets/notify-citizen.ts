import type { Logger } from 'pino';
import type { Engine } from '../../engine/engine';
import { ChannelUnavailableError } from '../../engine/errors';
import { st } from '../texts';
import { statusLabel, type Ticket } from './ticket';
import type { TicketStore } from './ticket-store';

/**
 * Tells the citizen about their ticket's latest status change on the channel they used, in their language, and
 * records whether it worked. The status change is already stored: a failed notification never undoes it.
 * Used by the back office and by pagoPA reporting a payment.
 */
export async function notifyStatusChange(
  deps: { engine: Engine; tickets: TicketStore; logger: Logger },
  ticket: Ticket,
): Promise<void> {
  const index = ticket.history.length - 1;
  const entry = ticket.history[index];
  const lang = ticket.lang;
  const lines = [
    st(lang, 'statusChanged', {
      protocol: ticket.protocol,
      service: ticket.serviceTitle[lang],
      status: statusLabel(ticket.status, lang),
    }),
  ];
  if (entry?.note) lines.push(st(lang, 'statusNote', { note: entry.note }));
  let result: { notified: boolean; error?: string };
  try {
    await deps.engine.sendProactive(ticket.ref, [{ text: lines.join('\n\n') }], { service: ticket.service });
    result = { notified: true };
  } catch (err) {
    const error =
      err instanceof ChannelUnavailableError ? `channel ${err.channel} unavailable` : (err as Error).message;
    deps.logger.warn({ err, protocol: ticket.protocol }, 'citizen not notified of status change');
    result = { notified: false, error };
  }
  await deps.tickets.recordNotification(ticket.protocol, index, result);
  if (entry)
    Object.assign(entry, result.error ? { notified: false, notifyError: result.error } : { notified: true });
}
