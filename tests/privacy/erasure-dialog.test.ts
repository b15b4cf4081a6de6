import pino from 'pino';
import { BUILTIN_CHANNEL_RECORDS } from '../../src/channels/builtin-channels';
import { activityStream } from '../../src/channels/directline/conversation-store';
import { CONVERSATIONS, type ConversationState } from '../../src/engine/conversation-state';
import { type TranscriptEntry, transcriptStream } from '../../src/engine/transcript';
import type { ConversationRef } from '../../src/engine/types';
import { HANDOFF_CLOSED, type HandoffCase } from '../../src/handoff/handoff-case';
import { KB_FEEDBACK_STREAM, type KbFeedback } from '../../src/kb/kb-skill';
import {
  createPrivacy,
  ERASE_NO,
  ERASE_YES,
  PRIVACY_AUDIT_STREAM,
  type PrivacyAuditEntry,
} from '../../src/privacy';
import type { Ticket } from '../../src/services/tickets/ticket';
import { CITIZEN_TICKETS, TicketStore } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { message, testEngine, texts } from '../helpers/test-engine';
import { closedCase, fileTicket } from './fixtures';

const mario: ConversationRef = {
  channel: 'telegram',
  conversationId: '1001',
  userId: '1001',
  userName: 'Mario',
};
const giulia: ConversationRef = { channel: 'telegram', conversationId: '2002', userId: '2002' };

function setUp() {
  const storage = new MemoryStorage();
  const engine = testEngine(storage);
  createPrivacy({
    channels: BUILTIN_CHANNEL_RECORDS,
    storage,
    engine,
    logger: pino({ level: 'silent' }),
    retentionDays: 365,
    sweepMinutes: 60,
  });
  const tickets = new TicketStore(storage, { cityCode: 'ESE', now: () => new Date(), webhook: false });
  const say = (ref: ConversationRef, text: string, value?: string) =>
    engine.handle(message(text, { ref, ...(value ? { value } : {}) }));
  const transcript = async (ref: ConversationRef) =>
    (await storage.read<TranscriptEntry>(transcriptStream(`${ref.channel}:${ref.conversationId}`))).map(
      (e) => (e.value.dir === 'in' ? e.value.text : e.value.reply.text),
    );
  return { storage, engine, tickets, say, transcript };
}

describe('privacy: "cancella i miei dati"', () => {
  it('explains what is erased and what is kept, and asks to confirm with yes/no choices', async () => {
    const { say } = setUp();
    await say(mario, 'ciao');
    const replies = await say(mario, 'Cancella i miei dati');
    const text = texts(replies);
    expect(text).toContain('cronologia delle conversazioni');
    expect(text).toContain('numero di protocollo');
    expect(text).toContain('«[cancellato]»');
    expect(replies.at(-1)?.choices?.map((c) => c.value)).toEqual([ERASE_YES, ERASE_NO]);
  });

  it('starts from /cancella and in English too', async () => {
    const { say } = setUp();
    await say(mario, 'ciao');
    expect(texts(await say(mario, '/cancella'))).toContain('Vuoi procedere?');
    await say(mario, 'no');
    await say(mario, 'english');
    expect(texts(await say(mario, 'delete my data'))).toContain('Do you want to go ahead?');
  });

  it('erases nothing when the citizen declines', async () => {
    const { say, tickets, transcript } = setUp();
    await say(mario, 'ciao');
    await say(mario, 'il mio codice fiscale è RSSMRA80A01H501U');
    const ticket = await fileTicket(tickets, mario, 'RSSMRA80A01H501U');
    await say(mario, 'cancella i miei dati');
    const replies = await say(mario, 'No, tienili', ERASE_NO);
    expect(texts(replies)).toContain('non ho cancellato nulla');
    expect((await transcript(mario)).join('\n')).toContain('RSSMRA80A01H501U');
    expect((await tickets.get(ticket.protocol))?.fields.codiceFiscale).toBe('RSSMRA80A01H501U');
  });

  it('asks again on an unclear answer and gives up after the second, erasing nothing', async () => {
    const { say, transcript } = setUp();
    await say(mario, 'ciao');
    await say(mario, 'cancella i miei dati');
    expect(texts(await say(mario, 'boh'))).toContain('Rispondi «sì»');
    expect(texts(await say(mario, 'forse'))).toContain('non ho cancellato nulla');
    expect((await transcript(mario)).length).toBeGreaterThan(4);
  });

  it('on confirmation erases the citizen’s conversations, ticket data, case text and feedback — and only theirs', async () => {
    const { storage, engine, say, tickets, transcript } = setUp();
    const marioOther: ConversationRef = { ...mario, conversationId: 'group-7' };
    const marioOnWhatsApp: ConversationRef = { channel: 'whatsapp', conversationId: '1001', userId: '1001' };
    for (const ref of [mario, marioOther, giulia, marioOnWhatsApp]) {
      await say(ref, 'ciao');
      await say(ref, 'la mia email è mario.rossi@example.com');
    }
    const marioTicket = await fileTicket(tickets, mario, 'RSSMRA80A01H501U');
    const giuliaTicket = await fileTicket(tickets, giulia, 'BNCGLI85M41F205X');
    await tickets.changeStatus(marioTicket.protocol, {
      status: 'in_progress',
      note: 'Chiamato il 333 1234567',
    });
    await storage.put(HANDOFF_CLOSED, '1', closedCase('1', mario, '2025-01-01T10:00:00.000Z'));
    await storage.put(HANDOFF_CLOSED, '2', closedCase('2', giulia, '2025-01-01T10:00:00.000Z'));
    const feedback = (ref: ConversationRef): KbFeedback => ({
      entry: 'carta-identita',
      useful: true,
      lang: 'it',
      conversation: `${ref.channel}:${ref.conversationId}`,
      at: new Date().toISOString(),
    });
    await storage.append(KB_FEEDBACK_STREAM, feedback(mario));
    await storage.append(KB_FEEDBACK_STREAM, feedback(giulia));

    await say(mario, 'cancella i miei dati');
    const done = await say(mario, 'Sì, cancella i miei dati', ERASE_YES);
    expect(texts(done)).toContain(
      '(conversazioni: 2; pratiche rese anonime: 1; richieste a un operatore: 1)',
    );

    // Mario's history is gone: only the confirmation exchange of this very turn remains.
    const left = await transcript(mario);
    expect(left).toHaveLength(2);
    expect(left.join('\n')).not.toContain('example.com');
    expect(await transcript(marioOther)).toEqual([]);
    const state = await engine.getState(mario);
    expect(state).toMatchObject({ stack: [], welcomed: true, vars: {} });
    // (The display name the channel sends with every message comes back with the next one; a stored one goes.)
    expect((await engine.getState(marioOther))?.ref.userName).toBeUndefined();

    // The ticket stays as a record with its protocol and history; the personal data is replaced.
    const erased = (await tickets.get(marioTicket.protocol)) as Ticket & { personalDataErasedBy?: string };
    expect(erased).toMatchObject({
      protocol: marioTicket.protocol,
      service: 'pass-sosta-residenti',
      status: 'in_progress',
      fields: { codiceFiscale: '[cancellato]', targa: '[cancellato]', note: null },
      attachments: [],
      ref: { channel: 'telegram', conversationId: '[cancellato]', userId: '[cancellato]' },
      personalDataErasedBy: 'request',
    });
    expect(erased.summary.map((f) => f.text)).toEqual(['[cancellato]', '[cancellato]']);
    expect(erased.history.map((e) => e.status)).toEqual(['received', 'in_progress']);
    expect(erased.history[1]?.note).toBe('Chiamato il [TELEFONO]');
    expect(await tickets.listForCitizen(mario)).toEqual([]);
    const closed = await storage.get<HandoffCase>(HANDOFF_CLOSED, '1');
    expect(closed?.callback).toEqual({ contact: '[cancellato]', message: '[cancellato]' });
    expect(closed?.forms[0]?.data).toEqual({});
    expect(closed?.outcome).toBe('resolved');
    expect((await storage.read<KbFeedback>(KB_FEEDBACK_STREAM)).map((e) => e.value.conversation)).toEqual([
      'telegram:2002',
    ]);

    // Giulia, and Mario on another channel, are untouched.
    expect((await transcript(giulia)).join('\n')).toContain('mario.rossi@example.com');
    expect((await transcript(marioOnWhatsApp)).join('\n')).toContain('mario.rossi@example.com');
    expect((await tickets.get(giuliaTicket.protocol))?.fields.codiceFiscale).toBe('BNCGLI85M41F205X');
    expect(await tickets.listForCitizen(giulia)).toHaveLength(1);
    expect((await storage.get<HandoffCase>(HANDOFF_CLOSED, '2'))?.callback?.contact).toBe('333 123 4567');

    // One audit entry: counts and a pseudonym, no personal data.
    const audit = (await storage.read<PrivacyAuditEntry>(PRIVACY_AUDIT_STREAM)).map((e) => e.value);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      kind: 'erasure',
      channel: 'telegram',
      counts: { conversations: 2, transcripts: 2, tickets: 1, cases: 1, feedback: 1 },
    });
    const line = JSON.stringify(audit);
    expect(line).not.toContain('1001');
    expect(line).not.toContain('Mario');
    expect(audit[0]?.kind === 'erasure' && audit[0].citizen).toMatch(/^[0-9a-f]{64}$/);

    // The conversation goes on normally, without a second welcome.
    const next = await say(mario, 'menu');
    expect(next.at(-1)?.choices?.length).toBe(3);
    expect(texts(next)).not.toContain('informativa');
    expect((await storage.list(CITIZEN_TICKETS)).map((e) => e.key)).toEqual([
      `telegram|2002|${giuliaTicket.protocol}`,
    ]);
  });

  it('erases the web chat activity stream, whose numbering then continues for the open page', async () => {
    const { storage, say } = setUp();
    const web: ConversationRef = { channel: 'webchat', conversationId: 'dlconv123', userId: 'dl_user' };
    await say(web, 'ciao');
    for (let i = 0; i < 5; i++)
      await storage.append(activityStream('dlconv123'), { type: 'message', text: `m${i}` });
    await say(web, 'cancella i miei dati');
    await say(web, 'sì');
    expect(await storage.read(activityStream('dlconv123'))).toEqual([]);
    expect(await storage.append(activityStream('dlconv123'), { type: 'message', text: 'after' })).toBe(6);
    expect((await storage.get<ConversationState>(CONVERSATIONS, 'webchat:dlconv123'))?.turns).toBe(1);
  });

  it('is refused gently where the privacy room is not wired', async () => {
    const engine = testEngine();
    await engine.handle(message('ciao'));
    expect(texts(await engine.handle(message('cancella i miei dati')))).toContain('Informativa privacy');
  });
});
