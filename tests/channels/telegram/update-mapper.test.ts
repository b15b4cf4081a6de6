import type { Update } from 'telegraf/types';
import { commandText, mapUpdate } from '../../../src/channels/telegram/update-mapper';

const from = { id: 77, is_bot: false, first_name: 'Luca', language_code: 'en' };
const chat = { id: 77, type: 'private' as const, first_name: 'Luca' };
const update = (message: Record<string, unknown>, id = 10) =>
  ({
    update_id: id,
    message: { message_id: 5, date: 1_700_000_000, chat, from, ...message },
  }) as unknown as Update;

describe('mapUpdate', () => {
  it('maps a text message with the chat, the user and the app language', () => {
    expect(mapUpdate(update({ text: 'orari anagrafe' }))?.message).toEqual({
      id: 'tg-10',
      ref: { channel: 'telegram', conversationId: '77', userId: '77', userName: 'Luca' },
      text: 'orari anagrafe',
      locale: 'en',
      timestamp: new Date(1_700_000_000_000),
    });
  });

  it('maps a venue to a location with its address and a document to an attachment with its file id', () => {
    const venue = mapUpdate(
      update({
        venue: { location: { latitude: 45, longitude: 9 }, title: 'Municipio', address: 'Piazza Roma 1' },
      }),
    );
    expect(venue?.message.location).toEqual({
      latitude: 45,
      longitude: 9,
      address: 'Municipio, Piazza Roma 1',
    });
    const doc = mapUpdate(
      update({
        caption: 'ricevuta',
        document: {
          file_id: 'F1',
          file_unique_id: 'u',
          mime_type: 'application/pdf',
          file_name: 'r.pdf',
          file_size: 10,
        },
      }),
    );
    expect(doc?.message.text).toBe('ricevuta');
    expect(doc?.message.attachments).toEqual([
      { contentType: 'application/pdf', fileId: 'F1', name: 'r.pdf', size: 10 },
    ]);
  });

  it('ignores group chats, edits and bots', () => {
    expect(mapUpdate(update({ text: 'x', chat: { id: -5, type: 'group', title: 'G' } }))).toBeUndefined();
    expect(
      mapUpdate({
        update_id: 3,
        edited_message: { message_id: 1, date: 0, edit_date: 0, chat, from, text: 'x' },
      } as unknown as Update),
    ).toBeUndefined();
    expect(mapUpdate(update({ text: 'x', from: { ...from, is_bot: true } }))).toBeUndefined();
  });
});

describe('commandText', () => {
  it.each([
    ['/start', 'start'],
    ['/start promo-123', 'start'],
    ['/help@SportelloBot', 'aiuto'],
    ['/OPERATORE', 'operatore'],
    ['/privacy', 'privacy'],
    ['/sconosciuto', '/sconosciuto'],
    ['non è /start', 'non è /start'],
  ])('%p → %p', (input, output) => {
    expect(commandText(input)).toBe(output);
  });
});
