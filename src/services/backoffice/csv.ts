import { stringify } from 'csv-stringify/sync';
import { statusLabel, type Ticket } from '../tickets/ticket';
import { fileHref } from './file-links';

/** Spreadsheets run cells starting with these as formulas; such cells get a leading apostrophe. */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

/**
 * Tickets as CSV for spreadsheets (UTF-8 with BOM so Excel reads accents, `;`-free comma separation): fixed
 * columns (the last one the download addresses of the files the citizen sent, under the back-office API), then
 * one column per answered field (labelled with the field's Italian label and id).
 */
export function ticketsCsv(tickets: readonly Ticket[]): string {
  const fields = new Map<string, string>();
  for (const t of tickets)
    for (const f of t.summary) if (!fields.has(f.id)) fields.set(f.id, `${f.label} [${f.id}]`);
  const header = [
    'protocollo',
    'servizio',
    'stato',
    'creata',
    'aggiornata',
    'canale',
    'utente',
    'lingua',
    'ultima nota',
    'allegati',
    ...fields.values(),
  ];
  const rows = tickets.map((t) => {
    const byId = new Map(t.summary.map((f) => [f.id, f.text]));
    return [
      t.protocol,
      t.serviceTitle.it,
      statusLabel(t.status, 'it'),
      t.createdAt,
      t.updatedAt,
      t.channel,
      t.ref.userId,
      t.lang,
      t.history.findLast((h) => h.note)?.note ?? '',
      t.attachments.flatMap((a) => (a.storedId ? [fileHref(t.protocol, a.storedId)] : [])).join(' '),
      ...[...fields.keys()].map((id) => byId.get(id) ?? ''),
    ].map(cell);
  });
  return `\uFEFF${stringify([header, ...rows])}`;
}
