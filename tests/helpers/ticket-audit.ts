import Database from 'better-sqlite3';
import type { Ticket } from '../../src/services/tickets/ticket';
import { CITIZEN_TICKETS, SUBMISSIONS, TICKETS } from '../../src/services/tickets/ticket-store';
import { OUTBOX, type OutboxEntry } from '../../src/services/webhook/outbox';

/** What a stopped Sportello left in its SQLite file about tickets, read directly (no app code in between). */
export interface TicketAudit {
  tickets: Ticket[];
  /** Citizen index keys (`channel|userId|protocol`). */
  citizenIndex: string[];
  /** Submission id → protocol. */
  submissions: Map<string, string>;
  /** Webhook events still waiting in the outbox. */
  outbox: OutboxEntry[];
}

/** Reads the ticket collections of a SQLite database file; call only once the process using it is dead. */
export function auditTickets(file: string): TicketAudit {
  const db = new Database(file);
  try {
    const rows = (collection: string) =>
      db
        .prepare<[string], { key: string; value: string }>(
          'SELECT key, value FROM documents WHERE collection = ? ORDER BY key',
        )
        .all(collection);
    return {
      tickets: rows(TICKETS).map((r) => JSON.parse(r.value) as Ticket),
      citizenIndex: rows(CITIZEN_TICKETS).map((r) => r.key),
      submissions: new Map(
        rows(SUBMISSIONS).map((r) => [r.key, (JSON.parse(r.value) as { protocol: string }).protocol]),
      ),
      outbox: rows(OUTBOX).map((r) => JSON.parse(r.value) as OutboxEntry),
    };
  } finally {
    db.close();
  }
}

/**
 * The problems of a ticket audit: a ticket without its citizen index entry or without exactly one submission
 * marker, a marker or index entry pointing to no ticket. Empty when everything was written all-or-nothing.
 */
export function halfWritten(audit: TicketAudit): string[] {
  const problems: string[] = [];
  const protocols = new Set(audit.tickets.map((t) => t.protocol));
  const markers = [...audit.submissions.values()];
  for (const t of audit.tickets) {
    const indexKey = `${encodeURIComponent(t.ref.channel)}|${encodeURIComponent(t.ref.userId)}|${t.protocol}`;
    if (!audit.citizenIndex.includes(indexKey)) problems.push(`${t.protocol}: no citizen index entry`);
    const n = markers.filter((p) => p === t.protocol).length;
    if (n !== 1) problems.push(`${t.protocol}: ${n} submission markers`);
  }
  for (const p of markers) if (!protocols.has(p)) problems.push(`marker points to missing ticket ${p}`);
  for (const key of audit.citizenIndex) {
    const p = key.split('|').at(-1) ?? '';
    if (!protocols.has(p)) problems.push(`citizen index points to missing ticket ${p}`);
  }
  return problems;
}
