import { closedReason } from '../../src/services/slots';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { Conversation, startEngine } from './transcript';

/** A conversation at the appointment's "when" step (now is Monday 23/11/2026, see transcript.ts). */
async function atDateStep(lang: 'it' | 'en') {
  const { engine } = await startEngine(new MemoryStorage());
  const c = new Conversation(engine, { channel: 'webchat', conversationId: `c-${lang}`, userId: lang });
  await c.send('ciao');
  if (lang === 'en') await c.send('english');
  await c.send({ text: 'Appuntamento', value: 'service:appuntamento-anagrafe' });
  await c.send('cie');
  return c;
}

describe('appointment step on holidays and closed days', () => {
  it('says 8 December is a public holiday and the office is closed, then offers the first free times', async () => {
    const c = await atDateStep('it');
    const reply = await c.send('08/12');
    expect(reply).toContain('Martedì 08/12/2026 è festivo: l’ufficio è chiuso.');
    expect(reply).not.toContain('Non ci sono orari liberi');
    expect(c.choices[0]?.value).toBe('form:slot:2026-11-24T09:00');
  });

  it('says the same in English', async () => {
    const c = await atDateStep('en');
    const reply = await c.send('08/12');
    expect(reply).toMatch(/08\/12\/2026 is a public holiday: the office is closed\./);
  });

  it('names a configured closing day (Christmas Eve) and a weekday off (Saturday) as closed', async () => {
    const c = await atDateStep('it');
    expect(await c.send('24/12')).toContain('Giovedì 24/12/2026 l’ufficio è chiuso.');
    expect(await c.send('sabato')).toContain('Sabato 28/11/2026 l’ufficio è chiuso.');
  });

  it('knows national holidays that are not in the dialog’s closed list, such as Easter Monday', () => {
    const slots = {
      weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      closed: [],
    } as unknown as Parameters<typeof closedReason>[0];
    expect(closedReason(slots, '2027-03-29')).toBe('holiday');
    expect(closedReason(slots, '2027-03-30')).toBeUndefined();
    expect(closedReason(slots, '2027-04-03')).toBe('weekday');
  });
});
