import pino from 'pino';
import { BUILTIN_CHANNEL_RECORDS } from '../../src/channels/builtin-channels';
import type { InboundMessage } from '../../src/engine/types';
import { createPrivacy } from '../../src/privacy';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { message, testEngine, texts } from '../helpers/test-engine';

// Every channel adapter also runs the shared channel contract (tests/channels/channel.contract.ts), whose first
// test checks the welcome with the privacy notice on web chat, Bot Framework, Telegram and both WhatsApps.
describe('privacy: the notice at first contact', () => {
  const firstMessages: Array<[string, Partial<InboundMessage> & { text: string }]> = [
    ['a greeting', { text: 'ciao' }],
    ['a question', { text: 'quanto costa la carta d’identità?' }],
    ['a command', { text: 'operatore' }],
    ['the erasure request itself', { text: '/cancella' }],
    ['a pressed button of an old menu', { text: 'Avvia una pratica', value: 'menu:services' }],
    ['a location', { text: '', location: { latitude: 41.9, longitude: 12.5 } }],
    ['a photo', { text: '', attachments: [{ contentType: 'image/jpeg', fileId: 'f1' }] }],
  ];

  it.each(firstMessages)('is shown whatever the first message is: %s', async (_what, first) => {
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
    const replies = await engine.handle(message(first.text, first));
    expect(texts(replies.slice(0, 2))).toContain('[informativa](https://example.org/privacy)');
    const later = await engine.handle(message('menu'));
    expect(texts(later)).not.toContain('informativa');
  });

  it('is shown in English to citizens whose channel says English', async () => {
    const replies = await testEngine().handle(message('hello', { locale: 'en-US' }));
    expect(texts(replies)).toContain('[privacy notice](https://example.org/privacy)');
  });
});
