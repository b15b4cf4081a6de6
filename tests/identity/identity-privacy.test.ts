import pino from 'pino';
import { BUILTIN_CHANNEL_RECORDS } from '../../src/channels/builtin-channels';
import { createCitizenIdentity } from '../../src/identity';
import { CitizenEraser } from '../../src/privacy/citizen-eraser';
import type { Ticket } from '../../src/services/tickets/ticket';
import { TICKETS, VERIFIED_TICKETS } from '../../src/services/tickets/ticket-store';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { hs256Assertion, PORTAL } from '../helpers/fake-portal';
import { Conversation, PDF, startEngine } from '../services/transcript';

describe('erasing a signed-in citizen’s data', () => {
  it('forgets the verified identity, the ticket’s identity and its index by fiscal code', async () => {
    const storage = new MemoryStorage();
    const logger = pino({ level: 'silent' });
    const identity = createCitizenIdentity({
      storage,
      logger,
      settings: { secret: PORTAL.secret, audience: PORTAL.audience, issuer: PORTAL.issuer },
    });
    const { engine } = await startEngine(storage, { identity });
    await identity.signIn.accept('webchat:c1', await hs256Assertion(), 'it');
    const c = new Conversation(engine, { channel: 'webchat', conversationId: 'c1', userId: 'u1' });
    await c.send('ciao');
    await c.send({ text: 'Pass sosta residenti', value: 'service:pass-sosta-residenti' });
    for (const answer of ['Via Roma 12', 'AB123CD']) await c.send(answer);
    await c.send({ attachments: [PDF] });
    await c.press('sì');
    await c.send('333 1234567');
    await c.press('Conferma e invia');
    expect(await storage.list(VERIFIED_TICKETS)).toHaveLength(1);

    await new CitizenEraser(storage, logger, BUILTIN_CHANNEL_RECORDS).erase({
      channel: 'webchat',
      userId: 'u1',
    });

    expect(await identity.store.record('webchat:c1')).toBeUndefined();
    expect(await storage.list(VERIFIED_TICKETS)).toEqual([]);
    const ticket = await storage.get<Ticket>(TICKETS, 'ESE-2026-000001');
    expect(ticket?.identity).toBeUndefined();
    expect(ticket?.fields.codice_fiscale).toBe('[cancellato]');
  });
});
