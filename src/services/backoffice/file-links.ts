import type { Attachment } from '../../engine/types';
import type { Ticket } from '../tickets/ticket';

/** Where the back office downloads a file a ticket holds (with its API key). */
export function fileHref(protocol: string, storedId: string): string {
  return `/api/backoffice/tickets/${encodeURIComponent(protocol)}/files/${encodeURIComponent(storedId)}`;
}

/** A ticket as the back office reads it: each stored file with the address to download it (`href`). */
export function withFileLinks(
  ticket: Ticket,
): Ticket & { attachments: Array<Attachment & { href?: string }> } {
  return {
    ...ticket,
    attachments: ticket.attachments.map((a) =>
      a.storedId ? { ...a, href: fileHref(ticket.protocol, a.storedId) } : a,
    ),
  };
}
