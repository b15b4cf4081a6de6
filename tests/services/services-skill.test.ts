import { MemoryStorage } from '../../src/storage/memory-storage';
import { Conversation, startEngine } from './transcript';

async function report(c: Conversation, description: string): Promise<string> {
  await c.send({ value: 'service:segnalazione', text: 'Segnalazione' });
  for (const answer of ['verde', 'Giardini di via Mazzini', 'salta', description, 'no']) await c.send(answer);
  return c.send('conferma');
}

describe('services skill', () => {
  it('lists only the citizen’s own requests, and asks for a number when there are none', async () => {
    const { engine } = await startEngine(new MemoryStorage());
    const anna = new Conversation(engine, { channel: 'telegram', conversationId: '1', userId: 'anna' });
    const other = new Conversation(engine, { channel: 'telegram', conversationId: '2', userId: 'bruno' });
    await anna.send('ciao');
    await other.send('ciao');
    expect(await other.send('stato pratica')).toContain('Scrivi il numero di protocollo');
    expect(await other.send('le mie pratiche')).toContain('Non risultano pratiche');
    expect(await report(anna, 'Albero caduto sul vialetto')).toContain('ESE-2026-000001');
    expect(await report(anna, 'Panchina rotta vicino alla fontana')).toContain('ESE-2026-000002');

    const mine = await anna.send({ text: 'Le mie pratiche', value: 'menu:requests' });
    expect(mine).toContain(
      '**ESE-2026-000001** – Segnala un problema (strade, illuminazione…) – ricevuta (23/11/2026)',
    );
    expect(mine).toContain('**ESE-2026-000002**');
    expect(anna.choices.map((x) => x.value).sort()).toEqual([
      'stato pratica ESE-2026-000001',
      'stato pratica ESE-2026-000002',
    ]);
    expect(await anna.send('a che punto è la pratica ese - 2026 - 000002?')).toContain(
      'Pratica **ESE-2026-000002**',
    );

    expect(await other.send('le mie pratiche')).toContain('Non risultano pratiche');
    expect(await other.send('ESE-2026-000001')).toContain('Non ho trovato tra le tue pratiche');
    // Same user id on another channel is another person.
    const elsewhere = new Conversation(engine, { channel: 'whatsapp', conversationId: '9', userId: 'anna' });
    await elsewhere.send('ciao');
    expect(await elsewhere.send('stato pratica ESE-2026-000001')).toContain('Non ho trovato');
  });

  it('offers a choice when a message matches the triggers of several services', async () => {
    const { engine } = await startEngine(new MemoryStorage());
    const c = new Conversation(engine);
    await c.send('ciao');
    await c.send('vorrei fare una segnalazione e prenotare anagrafe');
    expect(c.text).toContain('Quale di queste pratiche vuoi avviare?');
    expect(c.choices.map((x) => x.value).sort()).toEqual([
      'service:appuntamento-anagrafe',
      'service:segnalazione',
    ]);
  });
});
