import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { BUILTIN_CHANNEL_RECORDS } from '../../src/channels/builtin-channels';
import {
  CONVERSATIONS,
  type ConversationState,
  newConversationState,
} from '../../src/engine/conversation-state';
import type { ConversationRef } from '../../src/engine/types';
import { FILES, FileStore, type StoredFile } from '../../src/files';
import { createPrivacy, ERASE_YES, RetentionSweeper } from '../../src/privacy';
import { TicketStore } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { message, testEngine } from '../helpers/test-engine';

/**
 * The files citizens send go with the rest of their data: removed when they ask for erasure, and by the
 * retention sweep once nothing holds them (their conversation gone, their ticket anonymous).
 */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n');
const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-01T09:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const logger = pino({ level: 'silent' });
const web = (id: string): ConversationRef => ({ channel: 'webchat', conversationId: id, userId: `u-${id}` });
const keyOf = (ref: ConversationRef) => `${ref.channel}:${ref.conversationId}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The files in the folder, the temporary folder aside. */
const onDisk = () => readdirSync(dir).filter((n) => n !== '.incoming');

function save(files: FileStore, ref: ConversationRef, name = 'libretto.pdf'): Promise<StoredFile> {
  return files.save({
    conversation: keyOf(ref),
    name,
    declaredType: 'application/pdf',
    content: Readable.from([PDF]),
    maxBytes: 1024 * 1024,
  });
}

async function ticketWith(tickets: TicketStore, ref: ConversationRef, file: StoredFile) {
  const { ticket } = await tickets.create({
    submissionId: `sub-${file.id}`,
    service: 'pass-sosta-residenti',
    serviceTitle: { it: 'Pass sosta residenti', en: 'Resident parking pass' },
    fields: { libretto: [{ contentType: 'application/pdf', name: file.name, storedId: file.id }] },
    summary: [{ id: 'libretto', type: 'attachment', label: 'Libretto', text: '1 file (libretto.pdf)' }],
    attachments: [{ contentType: 'application/pdf', name: file.name, size: file.size, storedId: file.id }],
    ref,
    lang: 'it',
  });
  return ticket;
}

describe('files and erasure', () => {
  it('removes the citizen’s files (conversation and ticket) on "cancella i miei dati", and nobody else’s', async () => {
    const storage = new MemoryStorage();
    const files = new FileStore(storage, dir);
    const engine = testEngine(storage);
    createPrivacy({
      channels: BUILTIN_CHANNEL_RECORDS,
      storage,
      engine,
      logger,
      retentionDays: 365,
      sweepMinutes: 60,
      files,
    });
    const tickets = new TicketStore(storage, { cityCode: 'ESE', now: () => new Date(), webhook: false });
    const mario = web('mario');
    const giulia = web('giulia');
    await engine.handle(message('ciao', { ref: mario }));
    await engine.handle(message('ciao', { ref: giulia }));
    await save(files, mario);
    await ticketWith(tickets, mario, await save(files, mario));
    const kept = await save(files, giulia);
    expect(onDisk()).toHaveLength(3);

    await engine.handle(message('cancella i miei dati', { ref: mario }));
    await engine.handle(message('Sì, cancella i miei dati', { ref: mario, value: ERASE_YES }));

    expect(onDisk()).toEqual([kept.id]);
    expect((await storage.list<StoredFile>(FILES)).map((e) => e.value.id)).toEqual([kept.id]);
  });
});

describe('files and retention', () => {
  it('removes files nothing holds any more, keeps those of live conversations and open tickets', async () => {
    const storage = new MemoryStorage();
    let clock = daysAgo(500);
    const files = new FileStore(storage, dir, () => clock);
    const tickets = new TicketStore(storage, { cityCode: 'ESE', now: () => clock, webhook: false });
    const state = async (ref: ConversationRef, at: Date) => {
      const s: ConversationState = { ...newConversationState(ref, 'it', at), welcomed: true };
      await storage.put(CONVERSATIONS, s.key, s);
    };
    // Long ago: an abandoned conversation's file, an open ticket's, and a ticket closed since.
    const abandoned = await save(files, web('old'));
    await state(web('old'), daysAgo(500));
    const openTicketFile = await save(files, web('open'));
    await ticketWith(tickets, web('open'), openTicketFile);
    const closedTicketFile = await save(files, web('closed'));
    const closed = await ticketWith(tickets, web('closed'), closedTicketFile);
    await tickets.changeStatus(closed.protocol, { status: 'completed' });
    // A citizen who still writes, a file sent long ago in that conversation.
    const live = await save(files, web('live'));
    await state(web('live'), daysAgo(2));
    clock = daysAgo(1);
    const recent = await save(files, web('recent'));
    // A temporary file a crash left two hours ago.
    mkdirSync(path.join(dir, '.incoming'), { recursive: true });
    const stale = path.join(dir, '.incoming', 'left-by-a-crash');
    writeFileSync(stale, PDF);
    const twoHoursAgo = new Date(NOW.getTime() - 2 * 60 * 60 * 1000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);

    clock = NOW;
    const result = await new RetentionSweeper({
      channels: BUILTIN_CHANNEL_RECORDS,
      storage,
      logger,
      retentionDays: 365,
      now: () => NOW,
      files,
    }).sweep();

    expect(result.swept && result.counts.files).toBe(2);
    expect(onDisk().sort()).toEqual([openTicketFile.id, live.id, recent.id].sort());
    expect(readdirSync(path.join(dir, '.incoming'))).toEqual([]);
    expect(onDisk()).not.toContain(abandoned.id);
    expect(onDisk()).not.toContain(closedTicketFile.id);
    expect((await tickets.get(closed.protocol))?.attachments).toEqual([]);
  });
});
