import { replyActivity } from '../../../src/channels/botframework/reply-activities';
import { toBotActivity } from '../../../src/channels/directline/activity-mapper';
import { CallbackData } from '../../../src/channels/telegram/callback-data';
import { renderReplies } from '../../../src/channels/telegram/reply-renderer';
import { renderWebReply } from '../../../src/channels/whatsapp/render';
import { renderCloudReply } from '../../../src/channels/whatsapp-cloud/render';
import type { OutboundReply } from '../../../src/engine/types';
import { MemoryStorage } from '../../../src/storage/memory-storage';

/** What an operator's message looks like on every channel: signed with their name, never as the bot. */

const operator: OutboundReply = {
  text: 'Buongiorno, *sono* qui <per> aiutarla.',
  format: 'plain',
  author: { name: 'Giulia Rossi', label: 'Giulia Rossi (operatore)' },
};
const bot: OutboundReply = { text: 'Come posso aiutarti?', format: 'plain' };

describe('operator messages on each channel', () => {
  it('Telegram: the name in bold on the first line, the text as typed', async () => {
    const [call] = await renderReplies([operator], new CallbackData(new MemoryStorage()));
    expect(call).toEqual({
      kind: 'text',
      html: '<b>Giulia Rossi (operatore)</b>\nBuongiorno, *sono* qui &lt;per&gt; aiutarla.',
    });
    const [own] = await renderReplies([bot], new CallbackData(new MemoryStorage()));
    expect(own).toEqual({ kind: 'text', html: 'Come posso aiutarti?' });
  });

  it('WhatsApp (web.js and Cloud API): the name in bold on the first line', () => {
    expect(renderWebReply(operator, 'it')).toEqual([
      '*Giulia Rossi (operatore)*\nBuongiorno, *sono* qui <per> aiutarla.',
    ]);
    expect(renderCloudReply(operator, 'it')).toEqual([
      {
        type: 'text',
        text: {
          body: '*Giulia Rossi (operatore)*\nBuongiorno, *sono* qui <per> aiutarla.',
          preview_url: true,
        },
      },
    ]);
    expect(renderWebReply(bot, 'it')).toEqual(['Come posso aiutarti?']);
  });

  it('Bot Framework: signed "Giulia Rossi (operatore): …", the operator’s text still plain, as typed', () => {
    const activity = replyActivity(operator, 'emulator', 'u1');
    expect(activity.textFormat).toBe('plain');
    expect(activity.text).toBe('Giulia Rossi (operatore): Buongiorno, *sono* qui <per> aiutarla.');
    expect(
      replyActivity({ ...operator, text: 'Vedi **qui**', format: 'markdown' }, 'emulator', 'u1').text,
    ).toBe('**Giulia Rossi \\(operatore\\)**: Vedi **qui**');
    expect(replyActivity(bot, 'emulator', 'u1')).toMatchObject({
      text: 'Come posso aiutarti?',
      textFormat: 'plain',
    });
  });

  it('Direct Line (web chat): from the operator by name, not from the bot, and signed in the text', () => {
    const ref = { conversationId: 'c1', userId: 'u1' };
    const activity = toBotActivity(operator, ref, new Date('2026-11-23T09:00:00Z'));
    expect(activity.from).toEqual({
      id: 'operator:Giulia Rossi',
      name: 'Giulia Rossi (operatore)',
      role: 'bot',
    });
    expect(activity.textFormat).toBe('plain');
    expect(activity.text).toBe('Giulia Rossi (operatore): Buongiorno, *sono* qui <per> aiutarla.');
    expect(toBotActivity(bot, ref, new Date()).from).toEqual({
      id: 'sportello',
      name: 'Sportello',
      role: 'bot',
    });
  });
});
