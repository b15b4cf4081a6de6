import pino from 'pino';
import { BUILTIN_CHANNEL_RECORDS } from '../../src/channels/builtin-channels';
import { activityStream } from '../../src/channels/directline/conversation-store';
import { CLOUD_WINDOWS } from '../../src/channels/whatsapp-cloud/service-window';
import {
  CONVERSATIONS,
  type ConversationState,
  newConversationState,
} from '../../src/engine/conversation-state';
import { transcriptStream } from '../../src/engine/transcript';
import type { ConversationRef } from '../../src/engine/types';
import { HANDOFF_CLOSED, type HandoffCase } from '../../src/handoff/handoff-case';
import { KB_FEEDBACK_STREAM, KB_UNANSWERED_STREAM } from '../../src/kb/kb-skill';
import { PRIVACY_AUDIT_STREAM, type PrivacyAuditEntry, RetentionSweeper } from '../../src/privacy';
import { LEASES } from '../../src/privacy/lease';
import { TicketStore } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { closedCase, fileTicket } from './fixtures';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-01T09:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const logger = pino({ level: 'silent' });

/** Stores a conversation last active at `at`, with a transcript line (and web chat activities). */
async function conversation(storage: MemoryStorage, ref: ConversationRef, at: Date, vars = {}) {
  const state: ConversationState = { ...newConversationState(ref, 'it', at), welcomed: true, vars };
  await storage.put(CONVERSATIONS, state.key, state);
  await storage.append(transcriptStream(state.key), {
    dir: 'in',
    at: at.toISOString(),
    text: 'RSSMRA80A01H501U',
  });
  if (ref.channel === 'webchat')
    await storage.append(activityStream(ref.conversationId), { type: 'message' });
  return state.key;
}

const ref = (channel: string, id: string): ConversationRef => ({ channel, conversationId: id, userId: id });

async function world() {
  const storage = new MemoryStorage();
  let clock = daysAgo(500);
  const tickets = new TicketStore(storage, { cityCode: 'ESE', now: () => clock, webhook: false });
  const oldClosed = await fileTicket(tickets, ref('telegram', '1'), 'RSSMRA80A01H501U');
  await tickets.changeStatus(oldClosed.protocol, { status: 'completed' });
  const oldOpen = await fileTicket(tickets, ref('telegram', '2'), 'BNCGLI85M41F205X');
  clock = daysAgo(10);
  const recentClosed = await fileTicket(tickets, ref('telegram', '3'), 'VRDLGU70C12L219K');
  await tickets.changeStatus(recentClosed.protocol, { status: 'rejected' });
  await conversation(storage, ref('telegram', '1'), daysAgo(400));
  await conversation(storage, ref('webchat', 'oldwebconv'), daysAgo(400));
  await conversation(storage, ref('telegram', '3'), daysAgo(10));
  await conversation(storage, ref('telegram', '4'), daysAgo(400), {
    handoff: { caseId: '9', status: 'queued' },
  });
  await storage.put(HANDOFF_CLOSED, '1', closedCase('1', ref('telegram', '1'), daysAgo(400).toISOString()));
  await storage.put(HANDOFF_CLOSED, '2', closedCase('2', ref('telegram', '3'), daysAgo(5).toISOString()));
  await storage.put(CLOUD_WINDOWS, '393331234567', { lastInboundAt: daysAgo(400).toISOString() });
  await storage.put(CLOUD_WINDOWS, '393339999999', { lastInboundAt: daysAgo(1).toISOString() });
  for (const days of [400, 2]) {
    const at = daysAgo(days).toISOString();
    await storage.append(KB_UNANSWERED_STREAM, {
      question: `domanda di ${days} giorni fa`,
      channel: 'telegram',
      at,
    });
    await storage.append(KB_FEEDBACK_STREAM, { entry: 'tari', useful: true, conversation: 'telegram:1', at });
  }
  return { storage, tickets, oldClosed, oldOpen, recentClosed };
}

const sweeper = (storage: MemoryStorage, instance: string, retentionDays = 365) =>
  new RetentionSweeper({
    channels: BUILTIN_CHANNEL_RECORDS,
    storage,
    logger,
    retentionDays,
    now: () => NOW,
    instance,
  });

describe('privacy: RETENTION_DAYS sweep', () => {
  it('purges old conversations and closed tickets’ personal data, keeping recent data and open tickets', async () => {
    const { storage, tickets, oldClosed, oldOpen, recentClosed } = await world();
    const result = await sweeper(storage, 'a').sweep();
    expect(result).toMatchObject({ swept: true, cutoff: daysAgo(365) });

    expect(await storage.get(CONVERSATIONS, 'telegram:1')).toBeUndefined();
    expect(await storage.read(transcriptStream('telegram:1'))).toEqual([]);
    expect(await storage.get(CONVERSATIONS, 'webchat:oldwebconv')).toBeUndefined();
    expect(await storage.read(activityStream('oldwebconv'))).toEqual([]);
    // Recent, and old-but-waiting-for-an-operator, conversations stay.
    expect(await storage.get(CONVERSATIONS, 'telegram:3')).toBeDefined();
    expect(await storage.read(transcriptStream('telegram:3'))).toHaveLength(1);
    expect(await storage.get(CONVERSATIONS, 'telegram:4')).toBeDefined();

    const purged = await tickets.get(oldClosed.protocol);
    expect(purged?.fields.codiceFiscale).toBe('[cancellato]');
    expect(purged?.status).toBe('completed');
    expect(purged?.history.map((e) => e.status)).toEqual(['received', 'completed']);
    expect((await tickets.get(oldOpen.protocol))?.fields.codiceFiscale).toBe('BNCGLI85M41F205X');
    expect((await tickets.get(recentClosed.protocol))?.fields.codiceFiscale).toBe('VRDLGU70C12L219K');

    expect((await storage.get<HandoffCase>(HANDOFF_CLOSED, '1'))?.callback?.contact).toBe('[cancellato]');
    expect((await storage.get<HandoffCase>(HANDOFF_CLOSED, '2'))?.callback?.contact).toBe('333 123 4567');
    expect((await storage.list(CLOUD_WINDOWS)).map((e) => e.key)).toEqual(['393339999999']);
    expect(
      (await storage.read<{ question: string }>(KB_UNANSWERED_STREAM)).map((e) => e.value.question),
    ).toEqual(['domanda di 2 giorni fa']);
    expect(await storage.read(KB_FEEDBACK_STREAM)).toHaveLength(1);

    const audit = (await storage.read<PrivacyAuditEntry>(PRIVACY_AUDIT_STREAM)).map((e) => e.value);
    expect(audit).toEqual([
      expect.objectContaining({
        kind: 'retention',
        retentionDays: 365,
        instance: 'a',
        counts: expect.objectContaining({
          conversations: 2,
          transcripts: 2,
          activityStreams: 1,
          tickets: 1,
          cases: 1,
        }),
      }),
    ]);
  });

  it('does nothing more on a second sweep (already anonymous records are not counted again)', async () => {
    const { storage } = await world();
    await sweeper(storage, 'a').sweep();
    const again = await sweeper(storage, 'a').sweep();
    expect(again.swept && again.counts).toEqual({
      conversations: 0,
      transcripts: 0,
      activityStreams: 0,
      tickets: 0,
      cases: 0,
      feedback: 0,
      channelRecords: 0,
      files: 0,
    });
  });

  it('keeps everything with RETENTION_DAYS=0', async () => {
    const { storage, tickets, oldClosed } = await world();
    expect(await sweeper(storage, 'a', 0).sweep()).toEqual({ swept: false, reason: 'disabled' });
    expect(await storage.get(CONVERSATIONS, 'telegram:1')).toBeDefined();
    expect((await tickets.get(oldClosed.protocol))?.fields.codiceFiscale).toBe('RSSMRA80A01H501U');
    expect(await storage.read(PRIVACY_AUDIT_STREAM)).toEqual([]);
  });

  it('lets only one of several instances sweep at a time, and frees the lease when done', async () => {
    const { storage } = await world();
    const results = await Promise.all([sweeper(storage, 'a').sweep(), sweeper(storage, 'b').sweep()]);
    expect(results.map((r) => r.swept).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.swept)).toEqual({ swept: false, reason: 'busy' });
    expect(await storage.read(PRIVACY_AUDIT_STREAM)).toHaveLength(1);
    // Released: the other instance may sweep next time.
    expect((await sweeper(storage, 'b').sweep()).swept).toBe(true);
  });

  it('waits for a live lease of another instance but takes over an expired one', async () => {
    const { storage } = await world();
    await storage.put(LEASES, 'retention-sweep', {
      holder: 'crashed',
      until: new Date(NOW.getTime() + 60_000).toISOString(),
    });
    expect(await sweeper(storage, 'a').sweep()).toEqual({ swept: false, reason: 'busy' });
    await storage.put(LEASES, 'retention-sweep', {
      holder: 'crashed',
      until: new Date(NOW.getTime() - 1).toISOString(),
    });
    expect((await sweeper(storage, 'a').sweep()).swept).toBe(true);
  });

  it('runs on its own shortly after start-up and stops cleanly', async () => {
    const { storage } = await world();
    const job = sweeper(storage, 'a');
    job.start(60, 5);
    for (let i = 0; i < 100 && (await storage.read(PRIVACY_AUDIT_STREAM)).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await job.stop();
    expect(await storage.read(PRIVACY_AUDIT_STREAM)).toHaveLength(1);
  });
});
