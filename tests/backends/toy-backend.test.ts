import { type BackendDefinition, openStorage, registerBackend } from '../../src/backends';
import { loadConfig } from '../../src/config';
import { MemoryStorage } from '../../src/storage/memory-storage';
import type { Storage } from '../../src/storage/storage';
import { type AppHarness, startApp } from '../http/app-harness';
import { openConversation } from '../http/directline-client';
import { storageContract } from '../storage/storage.contract';

/**
 * A toy backend added exactly as docs/extending.md shows: one definition, one `registerBackend()` call, no
 * edit anywhere else. `toy:<name>` keeps its data in memory under that name for the life of the process.
 */
const shelves = new Map<string, MemoryStorage>();
const toyBackend: BackendDefinition = {
  name: 'toy',
  matches: (url) => url.startsWith('toy:'),
  openStorage: async (url) => {
    const shelf = shelves.get(url) ?? new MemoryStorage();
    shelves.set(url, shelf);
    return shelf;
  },
};
registerBackend(toyBackend);

let fresh = 0;
storageContract('toy backend', () => openStorage(`toy:contract-${++fresh}`));

describe('a registered backend', () => {
  let h: AppHarness | undefined;
  afterAll(async () => {
    await h?.close();
  });

  it('is accepted as DATABASE_URL, and unknown schemes are refused naming the known ones', () => {
    expect(loadConfig({ DATABASE_URL: 'toy:x' }).DATABASE_URL).toBe('toy:x');
    expect(() => loadConfig({ DATABASE_URL: 'mongodb://db' })).toThrow(/DATABASE_URL.*toy.*sqlite/);
  });

  it('runs a whole Sportello: a citizen is answered and the conversation is kept there', async () => {
    h = await startApp({ DATABASE_URL: 'toy:town-hall' });
    const citizen = await openConversation(h.url);
    const replies = await citizen.say('ciao');
    expect(replies.map((a) => a.text).join('\n')).toMatch(/Comune di Esempio/);
    const storage: Storage = await openStorage('toy:town-hall');
    expect(storage).toBe(h.app.storage);
    expect((await storage.list('conversations')).length).toBeGreaterThan(0);
  });
});
