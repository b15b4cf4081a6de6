import pino from 'pino';
import { IO_NOTICES, IoClient, type IoNotice, IoSender } from '../../src/appio';
import type { ConversationRef, OutboundReply } from '../../src/engine/types';
import { deleteTicketPointers } from '../../src/privacy/citizen-eraser';
import {
  APPOINTMENT_REMINDERS,
  AppointmentReminders,
  appointmentStepsOf,
} from '../../src/services/appointment-reminders';
import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { FakeIoServer } from '../helpers/fake-io-server';
import { CF, Conversation, startEngine } from './transcript';

/**
 * Appointment reminders with a fake clock: citizens book the registry office for Tuesday 24/11/2026 on Monday;
 * from 09:00 Rome on Monday the one who booked before then gets exactly one reminder on their chat and, having
 * agreed to IO updates, exactly one IO message; two job instances, a second round and Tuesday itself send
 * nothing more; a cancelled ticket and one booked after 09:00 on Monday get none.
 */

const IO_KEY = 'io-key-of-the-reminders-test';
const logger = pino({ level: 'silent' });

describe('appointment reminders the day before', () => {
  const io = new FakeIoServer(IO_KEY);
  let ioUrl: string;
  beforeAll(async () => {
    ioUrl = await io.start();
    io.profiles.set(CF, true);
  });
  afterAll(() => io.stop());

  it('sends one chat reminder and one IO notice per appointment, never twice, none when cancelled', async () => {
    // Monday 23/11/2026 07:00 in Rome.
    let clock = new Date('2026-11-23T06:00:00Z');
    const now = () => clock;
    const storage = new MemoryStorage();
    const { engine, services } = await startEngine(storage, { now });
    const chat: Array<{ ref: ConversationRef; replies: readonly OutboundReply[] }> = [];
    engine.addChannel({
      name: 'webchat',
      capabilities: { buttons: true, markup: 'markdown' },
      async send(ref, replies) {
        chat.push({ ref, replies });
      },
    });
    const ioSender = new IoSender({
      storage,
      logger,
      client: new IoClient({ baseUrl: ioUrl, apiKey: IO_KEY }),
      city: 'Comune di Esempio',
      now,
      pollMs: 3_600_000,
    });

    async function book(user: string, slot: string): Promise<string> {
      const c = new Conversation(engine, { channel: 'webchat', conversationId: `c-${user}`, userId: user });
      await c.send('ciao');
      await c.send({ text: 'Appuntamento', value: 'service:appuntamento-anagrafe' });
      await c.send('cie');
      await c.send(`martedì alle ${slot}`);
      await c.send('Anna Bianchi');
      await c.send('051 123456');
      await c.send('salta');
      const done = await c.send('conferma');
      const protocol = /ESE-\d{4}-\d{6}/.exec(done)?.[0];
      if (!protocol) throw new Error(`no protocol in: ${done}`);
      return protocol;
    }

    const anna = await book('anna', '10:30');
    // Anna agreed to IO updates (as a form with an IO consent step records it on the ticket).
    const stored = await storage.get<Ticket>(TICKETS, anna);
    await storage.put(TICKETS, anna, { ...stored, io: { fiscalCode: CF } });
    const bruno = await book('bruno', '11:00');
    await services.tickets.changeStatus(bruno, { status: 'cancelled', note: 'Disdetto al telefono.' });
    const startedWith = chat.length; // the cancellation notice to Bruno

    const job = () =>
      new AppointmentReminders({
        storage,
        logger,
        tickets: services.tickets,
        engine,
        steps: appointmentStepsOf(services.services.map((s) => s.definition)),
        hour: 9,
        extraOps: (ticket, when, at) => ioSender.reminderOps(ticket, when, at),
        now,
      });
    const first = job();
    const second = job();

    // 08:59: not yet.
    clock = new Date('2026-11-23T07:59:00Z');
    expect(await first.drain()).toBe(0);
    // Carla books at 09:30, after the reminders went out: her confirmation is fresh, she gets none.
    clock = new Date('2026-11-23T08:30:00Z');
    await book('carla', '12:00');

    // From 09:00, two instances at once: one reminder in all.
    const sent = await Promise.all([first.drain(), second.drain()]);
    expect(sent[0] + sent[1]).toBe(1);
    const reminders = chat.slice(startedWith).filter((m) => m.replies[0]?.text.startsWith('Promemoria'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.ref.userId).toBe('anna');
    expect(reminders[0]?.replies[0]?.text).toBe(
      `Promemoria: domani, martedì 24/11/2026 ore 10:30, hai un appuntamento per «Appuntamento all’anagrafe» (pratica ${anna}). Se non puoi venire, scrivi «sposta appuntamento» o «annulla appuntamento».`,
    );
    expect(chat.slice(startedWith)).toHaveLength(1); // nothing to Bruno (cancelled) nor Carla

    await ioSender.drain();
    expect(io.messages).toHaveLength(1);
    expect(io.messages[0]?.fiscal_code).toBe(CF);
    expect(io.messages[0]?.subject).toBe('Promemoria: appuntamento domani');
    expect(io.messages[0]?.markdown).toContain('domani, **martedì 24/11/2026 ore 10:30**');
    expect(io.messages[0]?.markdown).toContain(`pratica **${anna}**`);
    const notice = await storage.get<IoNotice>(IO_NOTICES, `${anna}|reminder`);
    expect(notice).toMatchObject({ status: 'reminder', state: 'sent' });

    // Later rounds, a restarted job and the appointment day itself send nothing more.
    clock = new Date('2026-11-23T16:00:00Z');
    expect(await first.drain()).toBe(0);
    expect(await job().drain()).toBe(0);
    clock = new Date('2026-11-24T08:00:00Z');
    expect(await job().drain()).toBe(0);
    await ioSender.drain();
    expect(chat.slice(startedWith)).toHaveLength(1);
    expect(io.messages).toHaveLength(1);

    // The record names the protocol and slot only, and goes with the ticket's pointers on erasure.
    const record = await storage.get(APPOINTMENT_REMINDERS, `${anna}|data`);
    expect(Object.keys(record as object).sort()).toEqual(['protocol', 'remindedAt', 'slot', 'step']);
    await deleteTicketPointers(storage, (await storage.get<Ticket>(TICKETS, anna)) as Ticket);
    expect(await storage.list(APPOINTMENT_REMINDERS)).toEqual([]);
    await first.stop();
    await second.stop();
  });

  it('follows a moved appointment to its new time and sends nothing for a cancelled one', async () => {
    // Monday 23/11/2026 07:00 in Rome.
    let clock = new Date('2026-11-23T06:00:00Z');
    const now = () => clock;
    const storage = new MemoryStorage();
    const { engine, services } = await startEngine(storage, { now });
    const chat: Array<{ ref: ConversationRef; text: string }> = [];
    engine.addChannel({
      name: 'webchat',
      capabilities: { buttons: true, markup: 'markdown' },
      async send(ref, replies) {
        for (const r of replies) chat.push({ ref, text: r.text });
      },
    });
    const ioSender = new IoSender({
      storage,
      logger,
      client: new IoClient({ baseUrl: ioUrl, apiKey: IO_KEY }),
      city: 'Comune di Esempio',
      now,
      pollMs: 3_600_000,
    });
    const sentBefore = io.messages.length;
    const conversations = new Map<string, Conversation>();
    async function book(user: string, slot: string): Promise<string> {
      const c = new Conversation(engine, { channel: 'webchat', conversationId: `m-${user}`, userId: user });
      conversations.set(user, c);
      await c.send('ciao');
      await c.send({ text: 'Appuntamento', value: 'service:appuntamento-anagrafe' });
      await c.send('cie');
      await c.send(`martedì alle ${slot}`);
      await c.send('Anna Bianchi');
      await c.send('051 123456');
      await c.send('salta');
      const protocol = /ESE-\d{4}-\d{6}/.exec(await c.send('conferma'))?.[0];
      if (!protocol) throw new Error('no protocol');
      return protocol;
    }
    const say = (user: string, text: string) => conversations.get(user)?.send(text) ?? '';
    const job = new AppointmentReminders({
      storage,
      logger,
      tickets: services.tickets,
      engine,
      steps: appointmentStepsOf(services.services.map((s) => s.definition)),
      hour: 9,
      extraOps: (ticket, when, at) => ioSender.reminderOps(ticket, when, at),
      now,
    });
    const reminders = (user: string) =>
      chat.filter((m) => m.ref.userId === user && m.text.startsWith('Promemoria')).map((m) => m.text);

    const anna = await book('anna', '10:30');
    await storage.put(TICKETS, anna, {
      ...(await storage.get<Ticket>(TICKETS, anna)),
      io: { fiscalCode: CF },
    });
    await book('bruno', '11:00');
    await say('anna', 'sposta appuntamento');
    expect(await say('anna', 'mercoledì alle 10:30')).toContain('spostato a mercoledì 25/11/2026 ore 10:30');
    await say('bruno', 'annulla appuntamento');
    expect(await say('bruno', 'sì')).toContain('Appuntamento disdetto');

    // Monday 09:00: Tuesday's appointments would be reminded now, but Anna's moved and Bruno's is cancelled.
    clock = new Date('2026-11-23T08:00:00Z');
    expect(await job.drain()).toBe(0);
    // Tuesday 09:00: one reminder for Anna's new time, on the chat and on IO.
    clock = new Date('2026-11-24T08:00:00Z');
    expect(await job.drain()).toBe(1);
    expect(await job.drain()).toBe(0);
    expect(reminders('anna')).toEqual([
      `Promemoria: domani, mercoledì 25/11/2026 ore 10:30, hai un appuntamento per «Appuntamento all’anagrafe» (pratica ${anna}). Se non puoi venire, scrivi «sposta appuntamento» o «annulla appuntamento».`,
    ]);
    expect(reminders('bruno')).toEqual([]);
    await ioSender.drain();
    expect(io.messages.slice(sentBefore).map((m) => m.markdown)).toEqual([
      expect.stringContaining('**mercoledì 25/11/2026 ore 10:30**'),
    ]);

    // Moved again after the reminder went out: the new time gets its own chat reminder the day before.
    await say('anna', 'sposta appuntamento');
    await say('anna', 'giovedì alle 10:30');
    clock = new Date('2026-11-25T08:00:00Z');
    expect(await job.drain()).toBe(1);
    expect(reminders('anna')).toHaveLength(2);
    expect(reminders('anna')[1]).toContain('giovedì 26/11/2026 ore 10:30');
    await job.stop();
  });

  it('names the desk of an appointment booked at one of several desks', async () => {
    let clock = new Date('2026-11-23T08:00:00Z');
    const storage = new MemoryStorage();
    const { engine, services } = await startEngine(storage, {
      now: () => clock,
      dir: 'tests/fixtures/services/desks',
    });
    const chat: string[] = [];
    engine.addChannel({
      name: 'webchat',
      capabilities: { buttons: true, markup: 'markdown' },
      async send(_ref, replies) {
        chat.push(...replies.map((r) => r.text));
      },
    });
    const c = new Conversation(engine, { channel: 'webchat', conversationId: 'd-1', userId: 'desk' });
    await c.send('ciao');
    await c.send({ text: 'Appuntamento', value: 'service:prenota-sportello' });
    await c.send('Stato civile');
    await c.send({ text: 'giovedì', value: 'form:slot:stato-civile@2026-12-03T10:00' });
    await c.send('Anna Bianchi');
    const protocol = /ESE-\d{4}-\d{6}/.exec(await c.send('conferma'))?.[0];
    const job = new AppointmentReminders({
      storage,
      logger,
      tickets: services.tickets,
      engine,
      steps: appointmentStepsOf(services.services.map((s) => s.definition)),
      hour: 9,
      now: () => clock,
    });
    clock = new Date('2026-12-02T08:00:00Z');
    expect(await job.drain()).toBe(1);
    expect(chat).toEqual([
      `Promemoria: domani, Stato civile, giovedì 03/12/2026 ore 10:00, hai un appuntamento per «Appuntamento in Comune» (pratica ${protocol}). Se non puoi venire, scrivi «sposta appuntamento» o «annulla appuntamento».`,
    ]);
    await job.stop();
  });
});
