import { addReplyOutcome, type TurnEvent } from '../../src/analytics/turn-event';
import type { RecordedReply } from '../../src/engine/turn-context';

const event = (): TurnEvent => ({
  at: '2026-12-06T10:00:00Z',
  channel: 'webchat',
  conv: 'c',
  lang: 'it',
  kind: 'in',
  out: 1,
});

describe('addReplyOutcome', () => {
  it('reads what the knowledge base did from the outcome its replies record, never from their wording', () => {
    const answered = event();
    addReplyOutcome(answered, [
      { reply: { text: 'Qualsiasi testo' }, meta: { outcome: 'kb-answer', kbEntries: ['tari'] } },
    ] as RecordedReply[]);
    expect(answered).toMatchObject({ kb: 'answer', entries: ['tari'] });

    const suggested = event();
    addReplyOutcome(suggested, [
      { reply: { text: 'Forse cercavi…' }, meta: { outcome: 'kb-suggest', kbEntries: ['a', 'b'] } },
    ] as RecordedReply[]);
    expect(suggested.kb).toBe('suggest');
    expect(suggested.entries).toBeUndefined();

    const none = event();
    addReplyOutcome(none, [
      { reply: { text: 'Reworded by an editor' }, meta: { outcome: 'kb-none' } },
    ] as RecordedReply[]);
    expect(none.kb).toBe('none');

    const chat = event();
    addReplyOutcome(chat, [{ reply: { text: 'Non ho informazioni sicure su questo.' } }] as RecordedReply[]);
    expect(chat.kb).toBeUndefined();
  });
});
