import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { conversationKey } from '../../engine/conversation-state';
import type { Engine } from '../../engine/engine';
import { type FileStore, serveFile } from '../../files';
import { HttpError } from '../../http/http-error';
import { parseBody, route } from '../../http/server';
import { notifyStatusChange } from '../tickets/notify-citizen';
import { PROTOCOL_PATTERN } from '../tickets/protocol';
import { TICKET_STATUSES, type Ticket } from '../tickets/ticket';
import type { TicketStore } from '../tickets/ticket-store';
import { authenticate } from './auth';
import { ticketsCsv } from './csv';
import { withFileLinks } from './file-links';

const dateOrTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/,
    'must be an ISO date (YYYY-MM-DD) or date-time',
  );

/** Query string of the ticket list and CSV export. */
export const listQuerySchema = z.strictObject({
  status: z.enum(TICKET_STATUSES).optional(),
  service: z.string().max(100).optional(),
  from: dateOrTime.optional(),
  to: dateOrTime.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Body of a status change. */
export const statusChangeSchema = z.strictObject({
  status: z.enum(TICKET_STATUSES),
  note: z.string().trim().min(1).max(2000).optional(),
});

/** What the back-office routes need. */
export interface BackofficeDeps {
  tickets: TicketStore;
  engine: Engine;
  logger: Logger;
  apiKey?: string;
  /** Where the files citizens sent are kept (web chat uploads), served to the back office. */
  files?: FileStore;
}

function parseQuery(req: Request): z.infer<typeof listQuerySchema> {
  const result = listQuerySchema.safeParse(req.query ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` ${issue.path.join('.')}` : '';
  throw new HttpError(400, 'bad_request', `Invalid query parameter${where}: ${issue?.message ?? 'invalid'}`);
}

async function findTicket(tickets: TicketStore, protocol: string): Promise<Ticket> {
  const normalized = protocol.toUpperCase();
  if (!new RegExp(`^${PROTOCOL_PATTERN.source}$`).test(normalized)) {
    throw new HttpError(400, 'bad_request', 'Protocol numbers look like ESE-2026-000123.');
  }
  const ticket = await tickets.get(normalized);
  if (!ticket) throw new HttpError(404, 'not_found', `No ticket with protocol ${normalized}.`);
  return ticket;
}

/**
 * Registers the authenticated back-office API under `/api/backoffice/`: list and filter tickets, read one,
 * change its status with a note (notifying the citizen), and export CSV.
 */
export function registerBackofficeRoutes(server: Server, deps: BackofficeDeps): void {
  const { logger, tickets } = deps;
  const guarded = (handler: (req: Request, res: Response) => Promise<void>) =>
    route(logger, async (req, res) => {
      authenticate(req, deps.apiKey);
      await handler(req, res);
    });

  server.get(
    '/api/backoffice/tickets',
    guarded(async (req, res) => {
      const { limit, offset, ...filter } = parseQuery(req);
      const all = await tickets.list(filter);
      res.json({
        total: all.length,
        limit,
        offset,
        items: all.slice(offset, offset + limit).map(withFileLinks),
      });
    }),
  );

  server.get(
    '/api/backoffice/tickets.csv',
    guarded(async (req, res) => {
      const { limit: _limit, offset: _offset, ...filter } = parseQuery(req);
      const csv = ticketsCsv(await tickets.list(filter));
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="pratiche.csv"',
      });
      res.end(csv);
    }),
  );

  server.get(
    '/api/backoffice/tickets/:protocol',
    guarded(async (req, res) => {
      res.json(withFileLinks(await findTicket(tickets, String(req.params.protocol))));
    }),
  );

  server.get(
    '/api/backoffice/tickets/:protocol/files/:fileId',
    guarded(async (req, res) => {
      const ticket = await findTicket(tickets, String(req.params.protocol));
      const id = String(req.params.fileId);
      // Only a file this ticket holds: the id alone opens nothing.
      const held = ticket.attachments.some((a) => a.storedId === id);
      const opened = held ? await deps.files?.open(conversationKey(ticket.ref), id) : undefined;
      if (!opened) throw new HttpError(404, 'not_found', `Ticket ${ticket.protocol} has no such file.`);
      await serveFile(res, opened);
    }),
  );

  server.patch(
    '/api/backoffice/tickets/:protocol',
    guarded(async (req, res) => {
      const change = parseBody(statusChangeSchema, req.body);
      const { protocol } = await findTicket(tickets, String(req.params.protocol));
      const ticket = await tickets.changeStatus(protocol, change);
      await notifyStatusChange(deps, ticket);
      res.json(withFileLinks(ticket));
    }),
  );
}
