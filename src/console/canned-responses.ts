import { z } from 'zod';
import type { Storage } from '../storage/storage';

/** Storage collection of the operators' canned responses, keyed by id. */
export const CANNED = 'canned-responses';

/** A ready-made reply an operator can insert and adapt. */
export interface CannedResponse {
  id: string;
  title: string;
  text: string;
  lang: 'it' | 'en';
}

/** Body of a canned-response save. */
export const cannedSchema = z.object({
  title: z.string().trim().min(1).max(80),
  text: z.string().trim().min(1).max(2000),
  lang: z.enum(['it', 'en']).default('it'),
});

/** Shown until editors save their own: the replies every front office needs. */
export const DEFAULT_CANNED: readonly CannedResponse[] = [
  {
    id: 'saluto',
    title: 'Saluto',
    text: 'Buongiorno, sono un operatore del Comune. Ho letto la conversazione: come posso aiutarla?',
    lang: 'it',
  },
  {
    id: 'attesa',
    title: 'Attesa verifica',
    text: 'Grazie, verifico e le rispondo tra qualche minuto. Resti pure in chat.',
    lang: 'it',
  },
  {
    id: 'sportello',
    title: 'Serve lo sportello fisico',
    text: 'Per questa pratica è necessario presentarsi allo sportello con un documento d’identità. Può prenotare un appuntamento dal sito del Comune.',
    lang: 'it',
  },
  {
    id: 'chiusura',
    title: 'Chiusura',
    text: 'C’è altro in cui posso esserle utile? Buona giornata!',
    lang: 'it',
  },
  {
    id: 'greeting-en',
    title: 'Greeting (EN)',
    text: 'Hello, I am an operator of the city hall. I have read the conversation: how can I help you?',
    lang: 'en',
  },
];

/** The canned responses editors maintain; the defaults while none are saved. */
export class CannedResponses {
  constructor(private readonly storage: Storage) {}

  async list(): Promise<CannedResponse[]> {
    const saved = (await this.storage.list<CannedResponse>(CANNED)).map((e) => e.value);
    return saved.length > 0 ? saved : [...DEFAULT_CANNED];
  }

  async save(id: string, input: z.infer<typeof cannedSchema>): Promise<CannedResponse> {
    const existing = await this.storage.list(CANNED, { limit: 1 });
    // The first edit turns the defaults into saved entries so editing one does not hide the others.
    if (existing.length === 0) for (const d of DEFAULT_CANNED) await this.storage.put(CANNED, d.id, d);
    const value: CannedResponse = { id, ...input };
    await this.storage.put(CANNED, id, value);
    return value;
  }

  async delete(id: string): Promise<boolean> {
    const existing = await this.storage.list(CANNED, { limit: 1 });
    if (existing.length === 0) for (const d of DEFAULT_CANNED) await this.storage.put(CANNED, d.id, d);
    return this.storage.delete(CANNED, id);
  }
}
