import { IO_NOTICES } from '../../src/appio';
import { deleteTicketPointers } from '../../src/privacy/citizen-eraser';
import type { Ticket } from '../../src/services/tickets/ticket';
import { MemoryStorage } from '../../src/storage/memory-storage';

describe('erasing a ticket', () => {
  it('removes its app IO notices, which carry the codice fiscale, and no other ticket’s', async () => {
    const storage = new MemoryStorage();
    await storage.put(IO_NOTICES, 'ESE-2026-000001|received', { fiscalCode: 'RSSMRA80A01H501U' });
    await storage.put(IO_NOTICES, 'ESE-2026-000001|completed', { fiscalCode: 'RSSMRA80A01H501U' });
    await storage.put(IO_NOTICES, 'ESE-2026-000012|received', { fiscalCode: 'VRDLGI75B02F205X' });
    await deleteTicketPointers(storage, { protocol: 'ESE-2026-000001' } as Ticket);
    expect((await storage.list(IO_NOTICES)).map((e) => e.key)).toEqual(['ESE-2026-000012|received']);
  });
});
