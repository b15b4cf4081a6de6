import {
  activityFromTranscript,
  toBotActivity,
  toInbound,
  userActivity,
} from '../../../src/channels/directline/activity-mapper';

const at = new Date('2026-03-01T10:00:00Z');
const ref = { conversationId: 'conv123456', userId: 'dl_abc' };

describe('activity mapper', () => {
  it('turns a pressed suggested action back into the choice value, with the token’s citizen', () => {
    const posted = {
      type: 'message',
      text: 'Domande frequenti',
      locale: 'it-IT',
      from: { id: 'spoofed', name: 'Maria' },
      value: { choice: 'menu:faq' },
    };
    const activity = {
      ...userActivity(posted, ref.conversationId, ref.userId, at),
      id: 'conv123456|0000003',
    };
    expect(toInbound(activity, at)).toEqual({
      id: 'conv123456|0000003',
      ref: { channel: 'webchat', conversationId: 'conv123456', userId: 'dl_abc', userName: 'Maria' },
      text: 'Domande frequenti',
      value: 'menu:faq',
      locale: 'it-IT',
      timestamp: at,
      channelData: { locale: 'it-IT', value: { choice: 'menu:faq' }, fromName: 'Maria' },
    });
  });

  it('gives back from the transcript the same activities that were posted and sent', () => {
    const posted = {
      type: 'message',
      text: 'Eccomi',
      locale: 'it-IT',
      from: { id: 'spoofed', name: 'Maria' },
      entities: [{ type: 'GeoCoordinates', latitude: 41.9, longitude: 12.5 }],
      channelData: { clientActivityID: 'abc-1' },
    };
    const activity = userActivity(posted, ref.conversationId, ref.userId, at);
    const inbound = toInbound({ ...activity, id: 'x' }, at);
    const inEntry = {
      dir: 'in' as const,
      at: at.toISOString(),
      messageId: inbound.id,
      text: inbound.text,
      ...(inbound.channelData ? { channelData: inbound.channelData } : {}),
    };
    expect(activityFromTranscript(inEntry, 4, ref)).toEqual({ ...activity, id: 'conv123456|0000004' });

    const reply = { text: 'Grazie', choices: [{ label: 'Menu', value: 'menu' }] };
    const outEntry = { dir: 'out' as const, at: at.toISOString(), reply };
    expect(activityFromTranscript(outEntry, 5, ref, 'conv123456|0000004')).toEqual({
      ...toBotActivity(reply, ref, at, 'conv123456|0000004'),
      id: 'conv123456|0000005',
    });
  });

  it('renders choices as messageBack suggested actions addressed to the citizen', () => {
    const activity = toBotActivity(
      {
        text: 'Come posso aiutarti?',
        choices: [{ label: 'Parla con un operatore', value: 'menu:operator' }],
      },
      ref,
      at,
    );
    expect(activity.suggestedActions).toEqual({
      to: ['dl_abc'],
      actions: [
        {
          type: 'messageBack',
          title: 'Parla con un operatore',
          text: 'Parla con un operatore',
          displayText: 'Parla con un operatore',
          value: { choice: 'menu:operator' },
        },
      ],
    });
    expect(activity.from).toEqual({ id: 'sportello', name: 'Sportello', role: 'bot' });
    expect(activity.textFormat).toBe('markdown');
  });

  it('appends links as a Markdown list, or as plain lines for plain text', () => {
    const links = [{ label: 'Carta d’identità [CIE]', url: 'https://www.comune.esempio.it/cie' }];
    expect(toBotActivity({ text: 'Serve la prenotazione.', links }, ref, at).text).toBe(
      'Serve la prenotazione.\n\n- [Carta d’identità \\[CIE\\]](<https://www.comune.esempio.it/cie>)',
    );
    const plain = toBotActivity({ text: 'Serve la prenotazione.', links, format: 'plain' }, ref, at);
    expect(plain.text).toBe(
      'Serve la prenotazione.\n\nCarta d’identità [CIE]: https://www.comune.esempio.it/cie',
    );
    expect(plain.textFormat).toBe('plain');
  });

  it('sends attachments by URL, and takes none posted as JSON as a file (files come through the upload)', () => {
    const bot = toBotActivity(
      {
        text: 'Ecco la ricevuta',
        attachments: [{ contentType: 'application/pdf', url: 'https://x/r.pdf', name: 'r.pdf' }],
      },
      ref,
      at,
    );
    expect(bot.attachments).toEqual([
      { contentType: 'application/pdf', contentUrl: 'https://x/r.pdf', name: 'r.pdf' },
    ]);
    const user = userActivity(
      { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://x/a.png' }] },
      ref.conversationId,
      ref.userId,
      at,
    );
    expect(toInbound({ ...user, id: 'x' }, at).attachments).toBeUndefined();
  });

  it('reads a shared location from GeoCoordinates or Place entities, ignoring impossible points', () => {
    const inbound = (entities: Array<Record<string, unknown>>) =>
      toInbound(
        { ...userActivity({ type: 'message', entities }, ref.conversationId, ref.userId, at), id: 'x' },
        at,
      ).location;
    expect(inbound([{ type: 'GeoCoordinates', latitude: 45.46, longitude: 9.19 }])).toEqual({
      latitude: 45.46,
      longitude: 9.19,
    });
    expect(
      inbound([
        { type: 'Place', geo: { latitude: '41.9', longitude: '12.5' }, address: 'Piazza del Campidoglio' },
      ]),
    ).toEqual({
      latitude: 41.9,
      longitude: 12.5,
      address: 'Piazza del Campidoglio',
    });
    expect(inbound([{ type: 'GeoCoordinates', latitude: 123, longitude: 9 }])).toBeUndefined();
  });

  it('gives a client retry (same clientActivityID) the same message id, so the engine answers once', () => {
    const posted = { type: 'message', text: 'ciao', channelData: { clientActivityID: 'c-7' } };
    const first = toInbound(
      { ...userActivity(posted, ref.conversationId, ref.userId, at), id: 'conv123456|0000001' },
      at,
    );
    const retry = toInbound(
      { ...userActivity(posted, ref.conversationId, ref.userId, at), id: 'conv123456|0000002' },
      at,
    );
    expect(first.id).toBe(retry.id);
  });
});
