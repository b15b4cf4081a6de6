import { OutsideServiceWindowError } from '../../../src/channels/whatsapp-cloud';
import { CITIZEN, cloudHarness, firstMessage, fixture, RECORDED_AT } from './harness';

const HOUR = 60 * 60 * 1000;
const ref = { channel: 'whatsapp-cloud', conversationId: CITIZEN, userId: CITIZEN };
const update = [{ text: 'La tua pratica **ESE-1** è stata\naccolta.' }];

describe('WhatsApp Cloud API 24-hour customer service window', () => {
  it('sends proactive messages as free-form text within 24 hours of the citizen’s last message', async () => {
    const h = await cloudHarness();
    try {
      await h.post(fixture('text'));
      h.graph.sent.length = 0;
      h.clock.now = new Date(RECORDED_AT + 23 * HOUR);
      await h.engine.sendProactive(ref, update);
      expect(h.graph.messages).toEqual([
        expect.objectContaining({
          to: CITIZEN,
          type: 'text',
          text: expect.objectContaining({ body: expect.stringContaining('*ESE-1*') }),
        }),
      ]);
    } finally {
      await h.close();
    }
  });

  it('refuses with OutsideServiceWindowError after 24 hours when no template is configured', async () => {
    const h = await cloudHarness();
    try {
      await h.post(fixture('text'));
      h.graph.sent.length = 0;
      h.clock.now = new Date(RECORDED_AT + 25 * HOUR);
      const sending = h.engine.sendProactive(ref, update);
      await expect(sending).rejects.toBeInstanceOf(OutsideServiceWindowError);
      await expect(sending).rejects.toMatchObject({ code: 'outside_service_window', to: CITIZEN });
      expect(h.graph.sent).toHaveLength(0);
      // Never written: no window at all.
      await expect(
        h.engine.sendProactive({ ...ref, conversationId: '393339999999', userId: '393339999999' }, update),
      ).rejects.toBeInstanceOf(OutsideServiceWindowError);
    } finally {
      await h.close();
    }
  });

  it('sends the configured template, with the text as its parameter, after 24 hours', async () => {
    const h = await cloudHarness({ template: { name: 'aggiornamento_pratica', language: 'it' } });
    try {
      await h.post(fixture('text'));
      h.graph.sent.length = 0;
      h.clock.now = new Date(RECORDED_AT + 48 * HOUR);
      await h.engine.sendProactive(ref, update);
      expect(h.graph.messages).toEqual([
        {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: CITIZEN,
          type: 'template',
          template: {
            name: 'aggiornamento_pratica',
            language: { code: 'it' },
            // New lines are not allowed in template parameters.
            components: [
              {
                type: 'body',
                parameters: [{ type: 'text', text: 'La tua pratica *ESE-1* è stata · accolta.' }],
              },
            ],
          },
        },
      ]);
    } finally {
      await h.close();
    }
  });

  it('treats Meta’s re-engagement error as a closed window even when our record says open', async () => {
    const h = await cloudHarness();
    try {
      await h.post(fixture('text'));
      h.graph.sent.length = 0;
      h.graph.failures.push({ status: 400, code: 131047, message: 'Re-engagement message' });
      await expect(h.engine.sendProactive(ref, update)).rejects.toBeInstanceOf(OutsideServiceWindowError);
    } finally {
      await h.close();
    }
  });

  it('a new message from the citizen reopens the window', async () => {
    const h = await cloudHarness();
    try {
      await h.post(fixture('text'));
      const later = RECORDED_AT + 30 * HOUR;
      h.clock.now = new Date(later + 1000);
      const payload = fixture('text');
      Object.assign(firstMessage(payload), {
        id: 'wamid.later',
        text: { body: 'orari anagrafe' },
        timestamp: String(Math.floor(later / 1000)),
      });
      await h.post(payload);
      h.graph.sent.length = 0;
      await h.engine.sendProactive(ref, update);
      expect(h.graph.messages[0]?.type).toBe('text');
    } finally {
      await h.close();
    }
  });
});
